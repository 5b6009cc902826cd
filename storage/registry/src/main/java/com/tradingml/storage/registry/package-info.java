/**
 * The model registry ({@link com.tradingml.storage.registry.ModelRegistry}): numbered, immutable model
 * versions whose artifacts are verified (SHA-256, size) on the way in and on every way out, and
 * audited aliases ({@code candidate}, {@code production}) with rollback and point-in-time lookup.
 * It owns the {@code registry_*} tables of the catalog database and the {@code models/} prefix of the
 * object store. Artifacts are opaque bytes here: the model package format, and deserializing it, belong
 * to model-training/runtime.
 */
package com.tradingml.storage.registry;
