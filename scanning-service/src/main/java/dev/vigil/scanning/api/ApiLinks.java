package dev.vigil.scanning.api;

import java.net.URI;

/**
 * The URLs responses carry, built from the API base the client called (the gateway's, through the
 * forwarded headers) as GitHub builds them from https://api.github.com.
 */
record ApiLinks(String apiBase, String htmlBase) {

  static ApiLinks of(URI baseUri, String configuredHtmlBase) {
    String api = stripSlash(baseUri.toString());
    String html =
        configuredHtmlBase == null || configuredHtmlBase.isBlank()
            ? api
            : stripSlash(configuredHtmlBase);
    return new ApiLinks(api, html);
  }

  String codeScanning(String fullName) {
    return apiBase + "/repos/" + fullName + "/code-scanning";
  }

  String sarif(String fullName, String id) {
    return codeScanning(fullName) + "/sarifs/" + id;
  }

  String analysesOfSarif(String fullName, String id) {
    return codeScanning(fullName) + "/analyses?sarif_id=" + id;
  }

  String analysis(String fullName, long id) {
    return codeScanning(fullName) + "/analyses/" + id;
  }

  String alert(String fullName, long number) {
    return codeScanning(fullName) + "/alerts/" + number;
  }

  String alertInstances(String fullName, long number) {
    return alert(fullName, number) + "/instances";
  }

  String alertHtml(String fullName, long number) {
    return htmlBase + "/" + fullName + "/security/code-scanning/" + number;
  }

  String user(String login) {
    return apiBase + "/users/" + login;
  }

  String userHtml(String login) {
    return htmlBase + "/" + login;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
