/**
 * The model runtime (DESIGN.md {@code model-training/runtime}): the model package format, its verified
 * loading, and inference.
 *
 * <p>Owns: {@link com.tradingml.model.runtime.ModelPackage} (the files of a model version and their
 * checks: digests before parsing, golden outputs after loading), {@link com.tradingml.model.runtime.ParameterFile}
 * (the TMLP parameter format), the {@link com.tradingml.model.runtime.Predictor} port with its two
 * implementations ({@link com.tradingml.model.runtime.FastMlpPredictor}, the allocation-free hot path, and
 * {@link com.tradingml.model.runtime.Dl4jPredictor}, the DL4J reference),
 * {@link com.tradingml.model.runtime.SerializationGuard} (the process-wide JEP 290 filter of RELIABILITY.md
 * M4) and {@link com.tradingml.model.runtime.RegistryModels} (publish and load through the registry).
 *
 * <p>Depends on core, the registry and DL4J/ND4J (CPU, linux-x86_64); never on Spark, Hadoop, Iceberg or
 * Spring, so that serving can use it.
 */
package com.tradingml.model.runtime;
