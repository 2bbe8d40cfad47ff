package dev.weft.reactor.testing.net;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The faults injected into one {@link Network} and which of them apply where: to a routed
 * attempt (by its hosts and index), to a link (by its hosts, index and the attempt that made
 * it), to a host's reactor. Keeps {@link Network} to a few calls.
 */
final class NetworkFaults {
  private final List<Fault> injected = new ArrayList<>();
  private int attempts;

  void add(Fault fault) {
    injected.add(fault);
  }

  List<Fault> all() {
    return List.copyOf(injected);
  }

  /** Numbers the next routed TCP attempt, from 0. */
  int nextAttempt() {
    return attempts++;
  }

  /** The first connect fault that answers attempt {@code index} from {@code from} to {@code to}. */
  @Nullable ConnectFault connectFault(Host from, Host to, int index) {
    for (Fault f : injected) {
      if (bare(f) instanceof ConnectFault c && !(c instanceof ConnectFault.ThrowFromConnect)
          && !(c instanceof ConnectFault.ThrowFromListen) && matches(f, from, to, -1, index)) {
        return c;
      }
    }
    return null;
  }

  /** The resolver fault on {@code name} for lookups made on {@code host}, if any. */
  @Nullable ResolverFault resolverFault(Host host, String name) {
    ResolverFault found = null;
    for (Fault f : injected) {
      if (bare(f) instanceof ResolverFault r && r.host().equalsIgnoreCase(name)
          && matches(f, host, host, -1, -1)) {
        found = r;
      }
    }
    return found;
  }

  /** The stream faults for link {@code index}, made by attempt {@code attempt} (-1 if none). */
  List<StreamFault> streamFaults(Host from, Host to, int index, int attempt) {
    List<StreamFault> out = new ArrayList<>();
    for (Fault f : injected) {
      if (bare(f) instanceof StreamFault s && matches(f, from, to, index, attempt)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Whether {@code fault}, if it acts on reactors (thrown, resolver), acts on {@code host}'s. */
  static boolean actsOnReactor(Fault fault, Host host) {
    Fault bare = bare(fault);
    boolean reactorFault = bare instanceof ResolverFault
        || bare instanceof ConnectFault.ThrowFromConnect
        || bare instanceof ConnectFault.ThrowFromListen;
    return reactorFault && matches(fault, host, host, -1, -1);
  }

  static Fault bare(Fault fault) {
    return fault instanceof Fault.Scoped s ? s.fault() : fault;
  }

  /** Whether a fault's scope covers the given hosts, link index and attempt index. */
  static boolean matches(Fault fault, Host from, Host to, int link, int attempt) {
    if (!(fault instanceof Fault.Scoped scoped)) {
      return true;
    }
    Fault.Scope scope = scoped.scope();
    if (scope instanceof Fault.Scope.OnHost h) {
      return from.name().equals(h.host()) || to.name().equals(h.host());
    }
    if (scope instanceof Fault.Scope.OnLink l) {
      return l.index() == link;
    }
    return ((Fault.Scope.OnAttempt) scope).index() == attempt;
  }
}
