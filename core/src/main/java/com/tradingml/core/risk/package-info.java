/**
 * Pre-trade risk (SEC Rule 15c3-5 style), one definition for backtest and serving (DESIGN.md principle 1,
 * "Pre-trade risk checks"; RELIABILITY.md R1-R8).
 *
 * <p>Owns the values ({@link com.tradingml.core.risk.Money}, {@link com.tradingml.core.risk.OrderIntent},
 * {@link com.tradingml.core.risk.ReferencePrice}, {@link com.tradingml.core.risk.RiskLimits}), the pure rules
 * ({@link com.tradingml.core.risk.PreTradeRiskChecks}: nine named checks, each with a pass/reject result and
 * a reason), the per-account snapshot they run against ({@link com.tradingml.core.risk.AccountRiskState}), its
 * codec ({@link com.tradingml.core.risk.RiskStateCodec}), the port serving and backtest use
 * ({@link com.tradingml.core.risk.RiskState}), the storage SPI a shared backend implements
 * ({@link com.tradingml.core.risk.VersionedRiskStore}, bytes) and its extension for a store that keeps the decoded
 * objects ({@link com.tradingml.core.risk.VersionedRiskObjectStore}), the port's logic written once over both
 * ({@link com.tradingml.core.risk.VersionedRiskState}) and the in-memory store, which keeps objects so that a
 * single service's risk gate runs no codec. A backtest, one writer per account, runs the same rules on
 * {@link com.tradingml.core.risk.SingleWriterRiskAccount}: mutable arrays and running sums instead of a new snapshot
 * per order, read by the rules through the same view ({@code RiskAccountView}) as a snapshot, and compared with
 * the versioned state step by step in its test.
 *
 * <p>Units: shares as {@code long} (signed positions: + long, - short); money, prices, notional, exposure and
 * P&amp;L as exact {@code long} micro-units ({@link com.tradingml.core.risk.Money}); market prices enter as
 * {@code double} and are converted at this boundary. The hot path returns results, never exceptions, and
 * fails closed.
 *
 * <p>Cost: every order of every backtest passes here, so a check allocates little. A state shares structure with
 * the one it was derived from (small sorted arrays per symbol, a persistent tree of remembered ids, append-only
 * windows of times) instead of copying its history, and check results format their reasons when first read.
 * {@code RiskStateThroughput} in the tests measures it.
 *
 * <p>Not here: fills. The state counts accepted orders as if filled at their price; reconciling partial
 * fills and cancels (which would release exposure) belongs to the execution side and is left to it.
 */
package com.tradingml.core.risk;
