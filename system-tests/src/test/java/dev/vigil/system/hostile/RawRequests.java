package dev.vigil.system.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what client libraries refuse to send: a raw {@code %00} in the
 * path, a second {@code Authorization} header, another {@code Host}.
 */
final class RawRequests {

  /** A response: status, Content-Type (or empty) and body. */
  record Answer(int status, String contentType, String body) {}

  private RawRequests() {}

  /**
   * @param headers sent in order; a name with a {@code #suffix} is sent again under its bare name
   */
  static Answer send(
      String baseUrl, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    URI base = URI.create(baseUrl);
    byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(" HTTP/1.1\r\n");
    if (!headers.containsKey("Host")) {
      head.append("Host: ")
          .append(base.getHost())
          .append(':')
          .append(base.getPort())
          .append("\r\n");
    }
    headers.forEach(
        (name, value) -> {
          int hash = name.indexOf('#');
          head.append(hash < 0 ? name : name.substring(0, hash))
              .append(": ")
              .append(value)
              .append("\r\n");
        });
    if (body != null) {
      head.append("Content-Type: application/json\r\n");
    }
    head.append("Content-Length: ").append(payload.length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(payload);
        out.flush();
      } catch (IOException e) {
        // The server may answer (413, 400) and stop reading; read what it said.
      }
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    while (statusLine.startsWith("HTTP/1.1 100")) {
      line(in);
      statusLine = line(in);
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    String contentType = "";
    long length = -1;
    boolean chunked = false;
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).strip();
      switch (name) {
        case "content-type" -> contentType = value;
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.equalsIgnoreCase("chunked");
        default -> {}
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
    } else {
      body.write(in.readAllBytes());
    }
    return new Answer(status, contentType, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (c < 0 && line.isEmpty()) {
      throw new IOException("connection closed without an answer");
    }
    return line.toString();
  }
}
