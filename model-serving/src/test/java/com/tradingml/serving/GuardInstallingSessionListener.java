package com.tradingml.serving;

import com.tradingml.model.runtime.SerializationGuard;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/** Installs the deserialization guard before any test, as {@link ServingMain} does first thing (M4). */
public final class GuardInstallingSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    SerializationGuard.install();
  }
}
