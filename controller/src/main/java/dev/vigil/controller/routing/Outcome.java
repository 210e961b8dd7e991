package dev.vigil.controller.routing;

/** One answer a client may get and its weight among the others. */
public record Outcome(Content content, long weight) {}
