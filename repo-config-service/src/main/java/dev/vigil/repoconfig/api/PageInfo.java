package dev.vigil.repoconfig.api;

/**
 * Cursor pagination of {@code GET /v1/config/repos}.
 *
 * @param limit page size used
 * @param hasMore whether another page follows
 * @param nextCursor pass as {@code cursor} to get the next page; null on the last page
 */
public record PageInfo(int limit, boolean hasMore, String nextCursor) {}
