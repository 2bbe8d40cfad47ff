package dev.weft.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo's TLS keys: a self-signed certificate for {@code 127.0.0.1}, made by the JDK's own
 * {@code keytool} in a temporary directory (the JDK has no public API to make certificates, and
 * the demo must run offline with nothing but a JDK), and the contexts that use it. The client
 * trusts exactly that certificate, so certificate and host name checks run for real.
 */
final class DemoCertificates {
  private static final char[] PASSWORD = "weft-demo".toCharArray();

  final SSLContext server;
  final SSLContext client;

  private DemoCertificates(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  /**
   * Makes the certificate and the contexts.
   *
   * @return the contexts
   * @throws IllegalStateException if keytool fails
   */
  static DemoCertificates make() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("weft-demo-tls");
      Path store = dir.resolve("demo.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process process = new ProcessBuilder(List.of(keytool.toString(),
              "-genkeypair", "-alias", "demo", "-keyalg", "EC", "-groupname", "secp256r1",
              "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
              "-storetype", "PKCS12", "-keystore", store.toString(),
              "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD)))
          .redirectErrorStream(true)
          .start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + new String(output));
      }
      KeyStore keys = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keys.load(in, PASSWORD);
      }
      KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, PASSWORD);
      SSLContext server = SSLContext.getInstance("TLS");
      server.init(keyManagers.getKeyManagers(), null, null);

      Certificate certificate = keys.getCertificate("demo");
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("demo", certificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext client = SSLContext.getInstance("TLS");
      client.init(null, trust.getTrustManagers(), null);
      return new DemoCertificates(server, client);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the demo's certificate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the demo's certificate: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool ran", e);
    } finally {
      if (dir != null) {
        try (var files = Files.list(dir)) {
          for (Path file : files.toList()) {
            Files.deleteIfExists(file);
          }
          Files.deleteIfExists(dir);
        } catch (IOException ignored) {
          // A temporary file left behind is harmless.
        }
      }
    }
  }
}
