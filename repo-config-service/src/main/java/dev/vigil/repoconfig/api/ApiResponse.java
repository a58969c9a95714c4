package dev.vigil.repoconfig.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * SigSentry's success envelope: {@code {"success":true,"data":…}}, plus {@code pagination} on
 * lists.
 */
public record ApiResponse<T>(
    boolean success, T data, @JsonInclude(JsonInclude.Include.NON_NULL) PageInfo pagination) {

  public static <T> ApiResponse<T> of(T data) {
    return new ApiResponse<>(true, data, null);
  }

  public static <T> ApiResponse<T> page(T data, PageInfo pagination) {
    return new ApiResponse<>(true, data, pagination);
  }
}
