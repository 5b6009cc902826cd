package com.tradingml.model.runtime;

import java.io.ByteArrayInputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child JVM for SerializationGuardTest: deserializes the payload file {@code args[1]} after preparing
 * the JVM as {@code args[0]} says, and prints what happened:
 * <ul>
 *   <li>{@code unguarded}: nothing (the control: the gadget's readObject runs);
 *   <li>{@code install}: {@link SerializationGuard#install()} first;
 *   <li>{@code install-permissive-stream}: install, then the stream sets an allow-everything filter of its own;
 *   <li>{@code property}: nothing in code; the JVM was started with {@code -Djdk.serialFilterFactory};
 *   <li>{@code install-too-late}: an ObjectInputStream is created first, then install.
 * </ul>
 */
public final class GuardProbe {

  private GuardProbe() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    byte[] payload = Files.readAllBytes(Path.of(args[1]));
    try {
      switch (mode) {
        case "unguarded", "property" -> { }
        case "install", "install-permissive-stream" -> SerializationGuard.install();
        case "install-too-late" -> {
          new ObjectInputStream(new ByteArrayInputStream(payload)).close();
          SerializationGuard.install();
        }
        default -> throw new IllegalArgumentException("unknown mode " + mode);
      }
      System.out.println("GUARD-INSTALLED=" + SerializationGuard.isInstalled());
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(payload))) {
        if (mode.equals("install-permissive-stream")) {
          in.setObjectInputFilter(info -> ObjectInputFilter.Status.ALLOWED);
        }
        Object value = in.readObject();
        System.out.println("DESERIALIZED " + value.getClass().getName());
      }
    } catch (Exception e) {
      System.out.println("FAILED " + e);
    }
    System.out.println("REJECTIONS=" + SerializationGuard.rejections());
  }
}
