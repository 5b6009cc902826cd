package com.tradingml.model.runtime;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Installs {@link SerializationGuard} when the test JVM's launcher session opens, before any test (and
 * any ObjectInputStream) exists: every test of this module runs under the guard, as serving does, which is
 * itself evidence that DL4J needs no Java deserialization on our path (tests also check that the guard's
 * rejection count does not move).
 */
public final class GuardInstallingSessionListener implements LauncherSessionListener {

  @Override
  public void launcherSessionOpened(LauncherSession session) {
    SerializationGuard.install();
  }
}
