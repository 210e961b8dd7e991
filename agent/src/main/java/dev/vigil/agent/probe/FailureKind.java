package dev.vigil.agent.probe;

/** Why a probe failed; mirrors vigil.agent.v1.FailureKind (NONE = FAILURE_KIND_UNSPECIFIED). */
public enum FailureKind {
  NONE,
  CONNECTION_REFUSED,
  CONNECT_TIMEOUT,
  RESPONSE_TIMEOUT,
  BODY_TIMEOUT,
  BAD_STATUS,
  SEARCH_STRING_NOT_FOUND,
  TLS_FAILURE,
  DNS_RESOLUTION_FAILED,
  PROTOCOL_ERROR,
  NETWORK_ERROR
}
