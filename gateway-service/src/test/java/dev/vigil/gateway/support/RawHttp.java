package dev.vigil.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what HTTP client libraries will not send: hop-by-hop headers,
 * {@code Expect} without a body, a chunked body that overruns a limit.
 */
public final class RawHttp {

  /** A parsed response; header names lower-cased, in order. */
  public record Response(int status, List<String[]> headers, String body) {
    public String header(String name) {
      for (String[] h : headers) {
        if (h[0].equals(name.toLowerCase(Locale.ROOT))) {
          return h[1];
        }
      }
      return null;
    }
  }

  private RawHttp() {}

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body}. */
  public static Response exchange(int port, String head, byte[] body) throws IOException {
    try (Socket socket = open(port)) {
      OutputStream out = socket.getOutputStream();
      out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return read(socket.getInputStream());
    }
  }

  /**
   * Sends a chunked body of {@code total} bytes in {@code chunkSize} chunks, tolerating the server
   * closing the connection early, then reads the response.
   */
  public static Response chunked(int port, String head, long total, int chunkSize)
      throws IOException {
    return chunked(port, head, new byte[0], (byte) 0, total, chunkSize);
  }

  /**
   * Like {@link #chunked(int, String, long, int)}, the body starting with {@code prefix} (say, the
   * start of a JSON string) and continuing with {@code fill} bytes.
   */
  public static Response chunked(
      int port, String head, byte[] prefix, byte fill, long total, int chunkSize)
      throws IOException {
    try (Socket socket = open(port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          (head + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      byte[] chunk = new byte[chunkSize];
      java.util.Arrays.fill(chunk, fill);
      System.arraycopy(prefix, 0, chunk, 0, Math.min(prefix.length, chunkSize));
      long sent = 0;
      try {
        while (sent < total) {
          int n = (int) Math.min(chunkSize, total - sent);
          out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
          out.write(chunk, 0, n);
          out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
          if (sent == 0) {
            java.util.Arrays.fill(chunk, 0, Math.min(prefix.length, chunkSize), fill);
          }
          sent += n;
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
      } catch (IOException e) {
        // The server may stop reading once it has answered; read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Socket open(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setSoTimeout(15_000);
    return socket;
  }

  private static Response read(InputStream in) throws IOException {
    String statusLine = line(in);
    while (statusLine.startsWith("HTTP/1.1 100")) {
      line(in); // blank line after the interim response
      statusLine = line(in);
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    List<String[]> headers = new ArrayList<>();
    long length = -1;
    boolean chunked = false;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      headers.add(new String[] {name, value});
      if (name.equals("content-length")) {
        length = Long.parseLong(value);
      }
      if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) {
        chunked = true;
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (int size = Integer.parseInt(line(in).strip(), 16); size > 0; ) {
        body.write(in.readNBytes(size));
        line(in);
        size = Integer.parseInt(line(in).strip(), 16);
      }
    } else if (length >= 0) {
      body.write(in.readNBytes((int) length));
    }
    return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c == -1 && line.isEmpty()) {
      throw new IOException("connection closed before a complete response");
    }
    return line.toString();
  }
}
