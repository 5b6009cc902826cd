package com.tradingml.storage.tables.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Kryo registrators a session gets: ours, after any given at submission, never twice. */
class SparkDriverTest {

  private static final String OURS = RecordsByJavaSerialization.class.getName();

  @Test
  void shouldAddOursAfterTheRegistratorsAlreadyConfigured() {
    assertThat(SparkDriver.kryoRegistrators(null)).isEqualTo(OURS);
    assertThat(SparkDriver.kryoRegistrators(" ")).isEqualTo(OURS);
    assertThat(SparkDriver.kryoRegistrators("com.example.Theirs")).isEqualTo("com.example.Theirs," + OURS);
    assertThat(SparkDriver.kryoRegistrators("com.example.A, " + OURS)).isEqualTo("com.example.A, " + OURS);
  }
}
