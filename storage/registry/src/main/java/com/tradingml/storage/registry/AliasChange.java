package com.tradingml.storage.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One audited alias move: who pointed {@code alias} of {@code model} from one version to another,
 * when and why. The registry writes one in the same transaction as the move itself, so the history
 * is complete. Immutable.
 *
 * @param sequence the change's position in the registry's audit log (increasing in commit order per model)
 * @param fromVersion the version the alias pointed to before, or null when the alias was created
 * @param toVersion the version it points to since {@code at}
 */
public record AliasChange(long sequence, String model, String alias, Integer fromVersion, int toVersion,
    String actor, String reason, Instant at) {

  public AliasChange {
    Names.model(model);
    Names.alias(alias);
    if (fromVersion != null) {
      Names.version(fromVersion);
    }
    Names.version(toVersion);
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }

  /** The previous version, empty when this change created the alias. */
  public OptionalInt previousVersion() {
    return fromVersion == null ? OptionalInt.empty() : OptionalInt.of(fromVersion);
  }

  @Override
  public String toString() {
    return at + " " + model + "@" + alias + ": " + (fromVersion == null ? "(none)" : "v" + fromVersion) + " -> v"
        + toVersion + " by " + actor + ": " + reason;
  }
}
