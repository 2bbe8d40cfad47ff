package dev.weft.reactor.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.reactor.BaseProtocol;
import dev.weft.reactor.testing.internal.Delivery;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;

class DeliveryTest {

  private static final class Keeper extends BaseProtocol {
    ByteBuffer kept = ByteBuffer.allocate(0);
    ByteBuffer keptCopy = ByteBuffer.allocate(0);

    @Override
    public void dataReceived(ByteBuffer data) {
      kept = data;
      keptCopy = data.duplicate();
    }
  }

  @Test
  void keptBufferIsEmptiedAndItsBytesOverwrittenAfterTheCall() {
    Keeper keeper = new Keeper();
    Delivery.dataReceived(keeper, new byte[] {1, 2, 3});
    assertThat(keeper.kept.remaining()).isZero();
    assertThatThrownBy(keeper.kept::get).isInstanceOf(BufferUnderflowException.class);
    assertThat(keeper.keptCopy.remaining()).isEqualTo(3);
    assertThat(keeper.keptCopy.get(0)).isEqualTo(Delivery.POISON);
  }

  @Test
  void deliveredBufferIsReadOnly() {
    BaseProtocol writer = new BaseProtocol() {
      @Override
      public void dataReceived(ByteBuffer data) {
        data.put(0, (byte) 1);
      }
    };
    assertThatThrownBy(() -> Delivery.dataReceived(writer, new byte[] {5}))
        .isInstanceOf(ReadOnlyBufferException.class);
  }

  @Test
  void callersArrayIsNeitherSharedNorPoisoned() {
    byte[] source = {4, 5};
    Delivery.dataReceived(new Keeper(), source);
    assertThat(source).containsExactly(4, 5);
  }
}
