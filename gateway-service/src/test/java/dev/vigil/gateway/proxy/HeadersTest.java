package dev.vigil.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

/** Which headers the proxy passes on, as a plain unit test. */
class HeadersTest {

  @Test
  void requestLosesHopByHopCredentialAndForwardingHeaders() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap();
    in.add("Connection", "keep-alive, X-Hop");
    in.add("X-Hop", "1");
    in.add("Keep-Alive", "timeout=5");
    in.add("TE", "trailers");
    in.add("Trailer", "X-Sum");
    in.add("Transfer-Encoding", "chunked");
    in.add("Upgrade", "websocket");
    in.add("Proxy-Authorization", "Basic x");
    in.add("Proxy-Anything", "x");
    in.add("Authorization", "token vgl_secret");
    in.add("Host", "public.example");
    in.add("Content-Length", "10");
    in.add("Expect", "100-continue");
    in.add("X-Forwarded-For", "6.6.6.6");
    in.add("Forwarded", "for=6.6.6.6");
    in.add("X-Project-Id", "x");
    in.add("Accept", "application/json");
    in.add("X-Custom", "a");
    in.add("X-Custom", "b");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    Headers.copyRequestHeaders(in, out);
    assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-Custom");
    assertThat(out.getAll("X-Custom")).containsExactly("a", "b");
  }

  @Test
  void responseLosesHopByHopHeadersOnly() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap();
    in.add("Connection", "close, X-Hop");
    in.add("X-Hop", "1");
    in.add("Keep-Alive", "timeout=5");
    in.add("Transfer-Encoding", "chunked");
    in.add("Proxy-Authenticate", "Basic");
    in.add("Content-Length", "5");
    in.add("Content-Type", "application/json");
    in.add("Link", "<x>; rel=\"next\"");
    in.add("Set-Cookie", "a=1");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    Headers.copyResponseHeaders(in, out);
    assertThat(out.names()).containsExactlyInAnyOrder("Content-Type", "Link", "Set-Cookie");
  }
}
