package dev.vigil.controller.change;

import java.util.List;

/**
 * A refused admin-API request, as Route 53 reports it: an HTTP status, an error code such as
 * {@code InvalidChangeBatch} or {@code NoSuchHostedZone}, a message, and for a change batch every problem.
 */
public final class ApiException extends Exception {

  private final int status;
  private final String code;
  private final List<String> messages;

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(int status, String code, String message, List<String> messages) {
    super(message);
    this.status = status;
    this.code = code;
    this.messages = List.copyOf(messages);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** Each problem (InvalidChangeBatch, InvalidInput); empty for single-message errors. */
  public List<String> messages() {
    return messages;
  }

  static ApiException invalidInput(String message, List<String> messages) {
    return new ApiException(400, "InvalidInput", message, messages);
  }

  static ApiException noSuchHostedZone(String idOrName) {
    return new ApiException(404, "NoSuchHostedZone", "No hosted zone found with ID or name: " + idOrName);
  }

  static ApiException noSuchHealthCheck(String id) {
    return new ApiException(404, "NoSuchHealthCheck", "No health check exists with the specified ID " + id);
  }
}
