package dev.vigil.controller;

import dev.vigil.controller.model.DesiredState;

/** Lets tests in other packages apply a config the way the CLI does. */
public final class ControllerMainAccess {

  private ControllerMainAccess() {}

  public static void applyConfig(ControllerRuntime runtime, DesiredState desired) throws Exception {
    ControllerMain.applyConfig(runtime, desired, "test");
  }
}
