package dev.vigil.repoconfig.api;

import java.util.List;

/**
 * The bodies of the operations that build their {@code Response} by hand, as the OpenAPI document
 * describes them: {@link ApiResponse} with its data type fixed, which an annotation cannot say.
 */
final class DocumentedBodies {

  private DocumentedBodies() {}

  record Created(boolean success, ConnectionCreated data) {}

  record View(boolean success, ConnectionView data) {}

  record Page(boolean success, List<ConnectionView> data, PageInfo pagination) {}
}
