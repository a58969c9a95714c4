package dev.vigil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/** Loopback port helpers: everything the test kit starts listens on loopback only. */
public final class LocalPorts {

  private LocalPorts() {}

  /** A port that was free on 127.0.0.1 a moment ago (the kernel's pick). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /**
   * Whether something already listens on {@code port} on 127.0.0.1 or ::1 (a listener on the
   * wildcard address counts too, since binding the loopback address then fails).
   */
  public static boolean inUse(int port) {
    for (String address : new String[] {"127.0.0.1", "::1"}) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
      } catch (BindException e) {
        // EADDRINUSE; EADDRNOTAVAIL on a host without ::1 also lands here, so tell them apart.
        if (String.valueOf(e.getMessage()).contains("in use")) {
          return true;
        }
      } catch (UnknownHostException e) {
        // no IPv6 loopback on this host
      } catch (IOException e) {
        // the address family is unavailable; nothing can listen there either
      }
    }
    return false;
  }
}
