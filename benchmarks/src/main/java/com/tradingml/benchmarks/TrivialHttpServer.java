package com.tradingml.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The cheapest HTTP server there is, to measure the load generator itself: one thread, non-blocking sockets,
 * and for every request head it sees (up to an empty line) one fixed 200 response with the bare server's
 * body. It does not parse requests, so only body-less requests (GET) are answered correctly. Whatever
 * throughput a client reaches against it is the client's ceiling, not a server's.
 *
 * <p>Usage: {@code TrivialHttpServer [--port 8081]}; port 0 picks a free one; prints {@code listening on ...}.
 */
public final class TrivialHttpServer {

  private static final byte[] RESPONSE = concat(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
      + "Content-Length: " + BareHttpServer.BODY.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1),
      BareHttpServer.BODY);

  private TrivialHttpServer() {
  }

  public static void main(String[] args) throws IOException {
    int port = args.length == 2 && args[0].equals("--port") ? Integer.parseInt(args[1]) : 8081;
    try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      System.out.println("listening on 127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort());
      System.out.flush();
      serve(selector, server);
    }
  }

  /** Per connection: how far into "\r\n\r\n" the bytes seen so far are, and responses still to write. */
  private static final class State {
    int matched;
    ByteBuffer pending = ByteBuffer.allocate(0);
  }

  private static void serve(Selector selector, ServerSocketChannel server) throws IOException {
    ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
    while (true) {
      selector.select();
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        try {
          if (key.isAcceptable()) {
            SocketChannel client = server.accept();
            if (client != null) {
              client.configureBlocking(false);
              client.setOption(StandardSocketOptions.TCP_NODELAY, true);
              client.register(selector, SelectionKey.OP_READ, new State());
            }
            continue;
          }
          SocketChannel client = (SocketChannel) key.channel();
          State state = (State) key.attachment();
          if (key.isReadable()) {
            in.clear();
            if (client.read(in) < 0) {
              key.cancel();
              client.close();
              continue;
            }
            in.flip();
            int requests = 0;
            while (in.hasRemaining()) {
              byte b = in.get();
              boolean cr = state.matched % 2 == 0;
              state.matched = b == (cr ? '\r' : '\n') ? state.matched + 1 : (b == '\r' ? 1 : 0);
              if (state.matched == 4) {
                requests++;
                state.matched = 0;
              }
            }
            if (requests > 0) {
              ByteBuffer out = ByteBuffer.allocate(state.pending.remaining() + requests * RESPONSE.length);
              out.put(state.pending);
              for (int i = 0; i < requests; i++) {
                out.put(RESPONSE);
              }
              out.flip();
              state.pending = out;
            }
          }
          if (state.pending.hasRemaining()) {
            client.write(state.pending);
          }
          key.interestOps(state.pending.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE
              : SelectionKey.OP_READ);
        } catch (IOException e) {
          key.cancel();
          key.channel().close();
        }
      }
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
