package com.tradingml.model.runtime;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for a deserialization gadget: a HashMap subclass whose {@code readObject} has a side effect
 * (counts, prints a marker, and would run a command in a real attack). The guard must reject it before
 * this method can run.
 */
public class Gadget extends HashMap<String, String> {

  private static final long serialVersionUID = 1L;

  /** Printed by {@link #readObject} so that a child JVM's output shows it ran. */
  static final String MARKER = "GADGET-READOBJECT-RAN";

  static final AtomicInteger READS = new AtomicInteger();

  private String command = "touch /tmp/pwned";

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    READS.incrementAndGet();
    System.out.println(MARKER);
    in.defaultReadObject();
  }

  String command() {
    return command;
  }
}
