package io.marketplaceexporter.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import javax.net.ServerSocketFactory;
import mockwebserver3.MockWebServer;

/**
 * MockWebServers whose connections answer without the 40 ms stall. MockWebServer leaves Nagle's
 * algorithm on for the sockets it accepts, and it writes an answer's head and body as two small
 * segments: the second waits for the ACK of the first, which the client's kernel delays by up to 40
 * ms (Linux's delayed ACK). A test that asks a few hundred times (a poll loop on a manual clock)
 * then waits seconds for nothing. Here every accepted socket has {@code TCP_NODELAY}; what is sent
 * is unchanged.
 */
public final class MockServers {
  private MockServers() {}

  /** A MockWebServer, not started, whose accepted sockets have {@code TCP_NODELAY}. */
  public static MockWebServer noDelay() {
    MockWebServer server = new MockWebServer();
    server.setServerSocketFactory(new NoDelayFactory());
    return server;
  }

  private static final class NoDelayFactory extends ServerSocketFactory {
    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new NoDelaySocket();
    }

    @Override
    public ServerSocket createServerSocket(int port) throws IOException {
      return bound(port, 50, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog) throws IOException {
      return bound(port, backlog, null);
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        throws IOException {
      return bound(port, backlog, address);
    }

    private static ServerSocket bound(int port, int backlog, InetAddress address)
        throws IOException {
      ServerSocket s = new NoDelaySocket();
      s.bind(new InetSocketAddress(address, port), backlog);
      return s;
    }
  }

  private static final class NoDelaySocket extends ServerSocket {
    NoDelaySocket() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = super.accept();
      s.setTcpNoDelay(true);
      return s;
    }
  }
}
