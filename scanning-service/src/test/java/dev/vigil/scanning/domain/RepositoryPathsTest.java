package dev.vigil.scanning.domain;

import static dev.vigil.scanning.domain.SarifTestSupport.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** uriBaseId resolution and absolute-to-relative conversion. */
class RepositoryPathsTest {

  private static final Map<String, RepositoryPaths.Ref> BASES =
      Map.of(
          "WORKSPACE", new RepositoryPaths.Ref("file:///github/workspace/", null),
          "SRC", new RepositoryPaths.Ref("src/", "WORKSPACE"),
          "LIB", new RepositoryPaths.Ref("lib/", null),
          "DESCRIBED_ONLY", new RepositoryPaths.Ref(null, null),
          "TMP", new RepositoryPaths.Ref("file:///tmp/", null),
          "LOOP", new RepositoryPaths.Ref("x/", "LOOP"));

  private static String path(String root, String uri, String base) {
    RepositoryPaths paths =
        new RepositoryPaths(
            SourceRoot.parse(root),
            BASES,
            List.of(new RepositoryPaths.Ref("from/artifact.c", null)));
    return paths.path(paths.effective(uri, base, null));
  }

  @ParameterizedTest(name = "root={0} uri={1} base={2} -> {3}")
  @CsvSource(
      nullValues = "null",
      value = {
        // relative, no base: already repository-relative
        "null, src/main.c, null, src/main.c",
        "null, ./src/../src/main.c, null, src/main.c",
        "null, src\\win\\main.c, null, src/win/main.c",
        "null, src/My%20File.java, null, src/My File.java",
        // bases that the run does not define (%SRCROOT% and friends) are the repository root
        "null, main.js, %SRCROOT%, main.js",
        "null, deps/a.c, SRCROOT, deps/a.c",
        "null, /webgoat/Login.aspx, DESCRIBED_ONLY, webgoat/Login.aspx",
        // bases resolved through originalUriBaseIds, chained, then made relative to the root
        "file:///github/workspace, main.c, WORKSPACE, main.c",
        "file:///github/workspace/, util/a.c, SRC, src/util/a.c",
        "null, util/a.c, LIB, lib/util/a.c",
        "null, main.c, WORKSPACE, file:///github/workspace/main.c",
        "null, y.c, LOOP, x/y.c",
        // absolute file URIs under / outside the root
        "file:///github/workspace, file:///github/workspace/src/main.go, null, src/main.go",
        "file:///github/workspace, file:///tmp/go-build/tmp.go, null, file:///tmp/go-build/tmp.go",
        "file:///github/workspace, file:///github/workspace2/x.go, null, file:///github/workspace2/x.go",
        "file:///github/workspace, file://localhost/github/workspace/a.go, null, a.go",
        "file:///github/workspace, a.go, TMP, file:///tmp/a.go",
        // bare absolute paths (Checkstyle) and Windows paths
        "/src/lang3, /src/lang3/org/A.java, null, org/A.java",
        "null, /src/lang3/org/A.java, null, file:///src/lang3/org/A.java",
        "C:\\work\\repo, C:\\work\\repo\\src\\a.cs, null, src/a.cs",
        "file:///C:/work/repo, file:///C:/work/repo/src/a.cs, null, src/a.cs",
        "file:///, file:///etc/passwd, null, etc/passwd",
        "null, https://example.com/page, null, https://example.com/page"
      })
  void resolves(String root, String uri, String base, String expected) {
    assertThat(path(root, uri, base)).isEqualTo(expected);
  }

  @Test
  void artifactIndexSuppliesTheUri() {
    RepositoryPaths paths =
        new RepositoryPaths(
            null, Map.of(), List.of(new RepositoryPaths.Ref("from/artifact.c", null)));
    assertThat(paths.path(paths.effective(null, null, 0))).isEqualTo("from/artifact.c");
    assertThat(paths.path(paths.effective("given.c", null, 0))).isEqualTo("given.c");
    assertThat(paths.path(paths.effective(null, null, 7))).isNull();
  }

  @Test
  void checkoutUriOfTheUploadWinsOverTheWorkingDirectory() {
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"results\":[{\"ruleId\":\"r\",\"message\":{\"text\":\"m\"},"
            + "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"file:///build/src/a.c\"}}}]}],"
            + "\"invocations\":[{\"workingDirectory\":{\"uri\":\"file:///build/\"}}],"
            + "\"tool\":{\"driver\":{\"name\":\"T\"}}}]}";
    // No checkout_uri: the invocation's working directory (which comes after the results) is used.
    var c = parse(doc);
    assertThat(c.only().path()).isEqualTo("src/a.c");
    assertThat(c.runs().get(0).sourceRoot()).isEqualTo(new SourceRoot("file", null, "/build"));
    var withCheckout =
        parse(doc, new SarifParseOptions("file:///build/src", null, SarifLimits.GITHUB));
    assertThat(withCheckout.only().path()).isEqualTo("a.c");
  }

  @Test
  void absoluteUrisWithAnotherSchemeThanTheRootAreRejected() {
    String doc =
        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"ZAP\"}},\"results\":[{\"ruleId\":\"r\","
            + "\"message\":{\"text\":\"m\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":"
            + "{\"uri\":\"https://example.com/login\"}}}]}]}]}";
    // Without a source root GitHub keeps such URIs.
    assertThat(parse(doc).only().path()).isEqualTo("https://example.com/login");
    assertThatThrownBy(
            () ->
                parse(
                    doc,
                    new SarifParseOptions("file:///github/workspace", null, SarifLimits.GITHUB)))
        .isInstanceOfSatisfying(
            SarifException.class,
            e -> assertThat(e.reason()).isEqualTo(SarifException.Reason.INVALID_SARIF));
  }
}
