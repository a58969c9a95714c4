package dev.vigil.scanning.domain;

import java.net.URI;

/**
 * The URLs responses carry, built from the API base the client called (the gateway's, through the
 * forwarded headers) as GitHub builds them from https://api.github.com.
 */
public record ApiLinks(String apiBase, String htmlBase) {

  public static ApiLinks of(URI baseUri, String configuredHtmlBase) {
    String api = stripSlash(baseUri.toString());
    String html =
        configuredHtmlBase == null || configuredHtmlBase.isBlank()
            ? api
            : stripSlash(configuredHtmlBase);
    return new ApiLinks(api, html);
  }

  public String codeScanning(String fullName) {
    return apiBase + "/repos/" + fullName + "/code-scanning";
  }

  public String sarif(String fullName, String id) {
    return codeScanning(fullName) + "/sarifs/" + id;
  }

  public String analysesOfSarif(String fullName, String id) {
    return codeScanning(fullName) + "/analyses?sarif_id=" + id;
  }

  public String analysis(String fullName, long id) {
    return codeScanning(fullName) + "/analyses/" + id;
  }

  public String alert(String fullName, long number) {
    return codeScanning(fullName) + "/alerts/" + number;
  }

  public String alertInstances(String fullName, long number) {
    return alert(fullName, number) + "/instances";
  }

  public String alertHtml(String fullName, long number) {
    return htmlBase + "/" + fullName + "/security/code-scanning/" + number;
  }

  public String user(String login) {
    return apiBase + "/users/" + login;
  }

  public String userHtml(String login) {
    return htmlBase + "/" + login;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
