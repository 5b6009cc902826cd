package com.tradingml.storage.registry;

/**
 * A test seam: called at every step boundary of {@link ModelRegistry#publish}, so that tests can
 * crash a publish (throw an {@link Error}: no cleanup runs, as after kill -9), fail it (throw a
 * runtime exception: the publish cleans up) or tamper with what it wrote. Not part of the API.
 */
@FunctionalInterface
interface PublishHook {

  PublishHook NONE = (step, model, version, artifact) -> { };

  /** The points a publish passes, in order; {@link #AFTER_UPLOAD} once per artifact. */
  enum Step {
    /** The version number is reserved (a PENDING row is committed); nothing uploaded yet. */
    AFTER_RESERVE,
    /** One more artifact is uploaded ({@code artifact} names it). */
    AFTER_UPLOAD,
    /** manifest.json is uploaded. */
    AFTER_MANIFEST,
    /** Every object was read back and matched the manifest. */
    AFTER_VERIFY,
    /** The READY update is executed but its transaction not yet committed. */
    BEFORE_COMMIT
  }

  void reached(Step step, String model, int version, String artifact);
}
