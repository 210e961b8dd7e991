package dev.vigil.controller.admin;

import dev.vigil.controller.cluster.Membership;

/** What the members endpoint changes, handed to Micronaut without the Raft node itself (never closed by it). */
public record MemberChanges(Membership membership) {}
