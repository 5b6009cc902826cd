package com.tradingml.model.runtime;

import java.util.Optional;

/**
 * A model package cannot be loaded: a file is missing, does not match its registered SHA-256, is not in
 * the format this module writes, is inconsistent with the other files, or the loaded network does not
 * reproduce its golden outputs. The message names the file (when one file is to blame) and says what
 * was expected and what was found. Thrown before anything of the package is used, so a caller (serving)
 * keeps its current model.
 */
public class ModelPackageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String file;

  /** A problem with the whole package (no single file to blame). */
  public ModelPackageException(String message) {
    this(null, message, null);
  }

  /** A problem with {@code file} (one of {@link ModelPackage#FILES}); the message is prefixed with its name. */
  public ModelPackageException(String file, String message) {
    this(file, message, null);
  }

  public ModelPackageException(String file, String message, Throwable cause) {
    super(file == null ? message : file + ": " + message, cause);
    this.file = file;
  }

  /** The package file this is about, when one is to blame. */
  public Optional<String> file() {
    return Optional.ofNullable(file);
  }
}
