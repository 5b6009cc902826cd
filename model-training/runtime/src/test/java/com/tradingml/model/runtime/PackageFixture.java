package com.tradingml.model.runtime;

/** One default-shaped package per test JVM, built on first use (building runs DL4J). */
final class PackageFixture {

  private static ModelPackage model;

  private PackageFixture() {}

  static synchronized ModelPackage get() {
    if (model == null) {
      model = TestModels.defaultPackage(11);
    }
    return model;
  }
}
