package dev.vigil.sync.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sync.domain.query.QueryEvaluator;
import dev.vigil.sync.domain.query.QueryException;
import dev.vigil.sync.domain.query.QueryParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The query language's features, one small dataset each. */
class QueryEngineTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<ObjectNode> events(String... lines) throws Exception {
    List<ObjectNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add((ObjectNode) JSON.readTree(line));
    }
    return events;
  }

  private static List<ObjectNode> run(String query, List<ObjectNode> events) throws Exception {
    return QueryEvaluator.run(QueryParser.parse(query), events);
  }

  @Test
  void colonIsACaseInsensitiveTokenMatchAndEqualsIsExact() throws Exception {
    var events = events("{\"msg\":\"User Alice.Smith logged-in\"}");
    assertThat(run("msg:alice", events)).hasSize(1);
    assertThat(run("msg:'alice smith'", events)).hasSize(1);
    assertThat(run("msg:ali", events)).isEmpty();
    assertThat(run("msg:ali*", events)).hasSize(1);
    assertThat(run("msg=alice", events)).isEmpty();
    assertThat(run("msg=\"User Alice.Smith logged-in\"", events)).hasSize(1);
    assertThat(run("msg!=\"x\"", events)).hasSize(1);
    assertThat(run("missing:*", events)).isEmpty();
  }

  @Test
  void dottedKeysResolveLiterallyOrNested() throws Exception {
    var events =
        events(
            "{\"@scnr.source_type\":\"gcp\"}",
            "{\"@scnr\":{\"source_type\":\"gcp\"}}",
            "{\"@scnr\":{\"source_type\":\"aws\"}}");
    assertThat(run("@scnr.source_type:gcp", events)).hasSize(2);
  }

  @Test
  void booleanOperatorsListsAndParenthesesAcrossLines() throws Exception {
    var events =
        events(
            "{\"a\":\"x\",\"b\":1}",
            "{\"a\":\"y\",\"b\":2}",
            "{\"a\":\"z\",\"b\":3,\"err\":\"e\"}");
    assertThat(run("a:(x y)", events)).hasSize(2);
    assertThat(run("a:(x y)\nb=2", events)).hasSize(1);
    assertThat(run("a:x or a:z", events)).hasSize(2);
    assertThat(run("(\n  not (err:* or a:x)\n)", events)).hasSize(1);
    assertThat(run("b > 1 and b <= 3", events)).hasSize(2);
    assertThat(run("NOT a:(x y z)", events)).isEmpty();
  }

  @Test
  void pipesAggregateFilterAndReshape() throws Exception {
    var events =
        events(
            "{\"u\":\"a\",\"ip\":\"1\",\"n\":5}",
            "{\"u\":\"a\",\"ip\":\"2\",\"n\":7}",
            "{\"u\":\"b\",\"ip\":\"1\",\"n\":1}");
    assertThat(run("* | groupbycount(u) | where @q.count > 1", events))
        .singleElement()
        .satisfies(row -> assertThat(row.get("u").asText()).isEqualTo("a"));
    var stats =
        run("* | stats countdistinct(ip) as ips, max(n) as top, sum(n) as total by u", events);
    assertThat(stats).hasSize(2);
    assertThat(stats.get(0).get("ips").asInt()).isEqualTo(2);
    assertThat(stats.get(0).get("top").asInt()).isEqualTo(7);
    assertThat(stats.get(0).get("total").asInt()).isEqualTo(12);
    assertThat(run("* | countdistinct(ip) | where @q.count >= 2", events)).hasSize(1);
    assertThat(run("* | count | where @q.count = 3", events)).hasSize(1);
    assertThat(run("u:zzz | count", events)).isEmpty();
    assertThat(run("* | eval big = (n > 4) | where big=\"true\"", events)).hasSize(2);
    assertThat(run("* | table u | rename u as user | head 1", events))
        .singleElement()
        .satisfies(row -> assertThat(row.fieldNames()).toIterable().containsExactly("user"));
  }

  @Test
  void indexBracesAndArrayWildcards() throws Exception {
    var events = events("{\"tags\":[\"x.one\",\"correlation.c1\"],\"name\":\"r\"}");
    assertThat(run("@index={ 0000 | \"_detections\" }\ntags[*]:correlation.c1", events)).hasSize(1);
    assertThat(run("tags[0]:correlation.c1", events)).isEmpty();
  }

  @Test
  void parseErrorsCarryTheirPosition() {
    assertThatThrownBy(() -> QueryParser.parse("a:b\n  | frobnicate(x)"))
        .isInstanceOfSatisfying(
            QueryException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("unknown command 'frobnicate'");
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(5);
            });
    assertThatThrownBy(() -> QueryParser.parse("a:\"open")).hasMessageContaining("unterminated");
    assertThatThrownBy(() -> QueryParser.parse("(".repeat(200) + "a"))
        .hasMessageContaining("nested");
  }
}
