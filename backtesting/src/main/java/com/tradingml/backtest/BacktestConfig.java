package com.tradingml.backtest;

import com.tradingml.core.market.Symbol;
import com.tradingml.core.risk.Money;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.SymbolLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything a backtest run is configured with, apart from the data and the strategy; recorded in full in
 * {@code summary.json}.
 *
 * <ul>
 *   <li>{@code initialCash}: the account's starting cash, exact {@link Money}.
 *   <li>{@code account}: the risk-state account the orders are checked under.
 *   <li>{@code execution}: fill timing, commission, slippage, participation cap ({@link ExecutionModel}).
 *   <li>{@code riskLimits}: core's {@link RiskLimits}; every order passes them through a {@code SingleWriterRiskAccount}.
 *   <li>{@code riskMarking}: when prices reach the risk state ({@link RiskMarking}).
 *   <li>{@code periodsPerYear}: the annualization factor of the metrics; empty to infer it from the data
 *       (the number of equity periods per year of elapsed time, see {@link BacktestMetrics}).
 *   <li>{@code killSwitchAt}: a what-if: the kill switch is engaged at the first bar at or after this time.
 * </ul>
 *
 * <p>Immutable and thread-safe. Build with {@link #builder()}; unset fields take the documented defaults.
 */
public record BacktestConfig(Money initialCash, String account, ExecutionModel execution, RiskLimits riskLimits,
    RiskMarking riskMarking, OptionalDouble periodsPerYear, Optional<Instant> killSwitchAt) {

  public static final Money DEFAULT_INITIAL_CASH = Money.ofUnits(1_000_000);
  public static final String DEFAULT_ACCOUNT = "backtest";

  public BacktestConfig {
    if (initialCash == null || initialCash.signum() <= 0) {
      throw new IllegalArgumentException("initial cash must be positive: " + initialCash);
    }
    if (account == null || account.isBlank()) {
      throw new IllegalArgumentException("account must not be blank");
    }
    if (execution == null || riskLimits == null || riskMarking == null || periodsPerYear == null
        || killSwitchAt == null) {
      throw new IllegalArgumentException("backtest config fields must not be null (use empty optionals)");
    }
    if (periodsPerYear.isPresent() && !(periodsPerYear.getAsDouble() > 0 && periodsPerYear.getAsDouble() < 1e9)) {
      throw new IllegalArgumentException("periodsPerYear must be positive: " + periodsPerYear.getAsDouble());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().initialCash(initialCash).account(account).execution(execution).riskLimits(riskLimits)
        .riskMarking(riskMarking).periodsPerYear(periodsPerYear).killSwitchAt(killSwitchAt.orElse(null));
  }

  /**
   * Limits that let a strategy trade freely within its capital: gross exposure at most twice the initial cash
   * (Reg T style), per-order notional the same, a day's loss at most the initial cash, generous quantity, rate
   * and collar limits, and client order ids remembered for one second of replay time (the engine's ids are
   * unique anyway; a short retention keeps the per-order risk state small). For a backtest that mirrors
   * production, pass production's limits instead.
   */
  public static RiskLimits permissiveLimits(Money initialCash) {
    Money twice = initialCash.times(2);
    return RiskLimits.builder()
        .maxOrderQuantity(1_000_000_000L)
        .maxOrderNotional(twice)
        .maxPosition(1_000_000_000L)
        .maxGrossExposure(twice)
        .priceCollarBps(1_000)
        .referenceMaxAge(Duration.ofDays(7))
        .orderRate(1_000_000, Duration.ofSeconds(1))
        .maxDailyLoss(initialCash)
        .clientOrderIdRetention(Duration.ofSeconds(1))
        .build();
  }

  /** The configuration as ordered JSON data (for {@code summary.json}). */
  public Map<String, Object> describe() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("initial_cash", initialCash.toBigDecimal());
    out.put("account", account);
    Map<String, Object> exec = new LinkedHashMap<>();
    exec.put("fill", execution.timing().id());
    exec.put("commission_bps", execution.commission().bps());
    exec.put("commission_per_share", execution.commission().perShare().toBigDecimal());
    exec.put("slippage", execution.slippage().kind().id());
    exec.put("slippage_value", execution.slippage().value());
    exec.put("participation_cap", execution.participationCap().isPresent()
        ? (Object) execution.participationCap().getAsDouble() : null);
    out.put("execution", exec);
    out.put("risk_limits", describe(riskLimits));
    out.put("risk_marking", riskMarking.id());
    out.put("periods_per_year", periodsPerYear.isPresent() ? (Object) periodsPerYear.getAsDouble() : "inferred");
    out.put("kill_switch_at", killSwitchAt.map(Instant::toString).orElse(null));
    return out;
  }

  static Map<String, Object> describe(RiskLimits limits) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("max_order_quantity", limits.maxOrderQuantity());
    out.put("max_order_notional", limits.maxOrderNotional().toBigDecimal());
    out.put("max_position", limits.maxPosition());
    out.put("max_gross_exposure", limits.maxGrossExposure().toBigDecimal());
    out.put("price_collar_bps", limits.priceCollarBps());
    out.put("reference_max_age", limits.referenceMaxAge().toString());
    out.put("max_orders_per_window", limits.maxOrdersPerWindow());
    out.put("order_rate_window", limits.orderRateWindow().toString());
    out.put("max_daily_loss", limits.maxDailyLoss().toBigDecimal());
    out.put("client_order_id_retention", limits.clientOrderIdRetention().toString());
    out.put("trading_day_zone", limits.tradingDayZone().getId());
    Map<String, Object> symbols = new LinkedHashMap<>();
    for (Map.Entry<Symbol, SymbolLimits> e : limits.symbolLimits().entrySet()) {
      Map<String, Object> one = new LinkedHashMap<>();
      SymbolLimits s = e.getValue();
      one.put("max_order_quantity", s.maxOrderQuantity().isPresent() ? (Object) s.maxOrderQuantity().getAsLong() : null);
      one.put("max_order_notional", s.maxOrderNotional().map(Money::toBigDecimal).orElse(null));
      one.put("max_position", s.maxPosition().isPresent() ? (Object) s.maxPosition().getAsLong() : null);
      symbols.put(e.getKey().value(), one);
    }
    out.put("symbol_limits", symbols);
    return out;
  }

  /** Collects the configuration; {@link #build()} fills defaults and validates. Not thread-safe. */
  public static final class Builder {
    private Money initialCash = DEFAULT_INITIAL_CASH;
    private String account = DEFAULT_ACCOUNT;
    private ExecutionModel execution = ExecutionModel.DEFAULT;
    private RiskLimits riskLimits;
    private RiskMarking riskMarking = RiskMarking.ON_DEMAND;
    private OptionalDouble periodsPerYear = OptionalDouble.empty();
    private Instant killSwitchAt;

    private Builder() {}

    /** Default 1,000,000. */
    public Builder initialCash(Money cash) {
      this.initialCash = cash;
      return this;
    }

    /** Default {@value #DEFAULT_ACCOUNT}. */
    public Builder account(String name) {
      this.account = name;
      return this;
    }

    /** Default {@link ExecutionModel#DEFAULT}. */
    public Builder execution(ExecutionModel model) {
      this.execution = model;
      return this;
    }

    public Builder fill(FillTiming timing) {
      this.execution = execution.withTiming(timing);
      return this;
    }

    public Builder commission(CommissionModel model) {
      this.execution = execution.withCommission(model);
      return this;
    }

    public Builder slippage(SlippageModel model) {
      this.execution = execution.withSlippage(model);
      return this;
    }

    public Builder participationCap(double cap) {
      this.execution = execution.withParticipationCap(cap);
      return this;
    }

    /** Default {@link #permissiveLimits(Money)} of the initial cash. */
    public Builder riskLimits(RiskLimits limits) {
      this.riskLimits = limits;
      return this;
    }

    /** Default {@link RiskMarking#ON_DEMAND}. */
    public Builder riskMarking(RiskMarking marking) {
      this.riskMarking = marking;
      return this;
    }

    /** Default: inferred from the data. */
    public Builder periodsPerYear(double periods) {
      this.periodsPerYear = OptionalDouble.of(periods);
      return this;
    }

    Builder periodsPerYear(OptionalDouble periods) {
      this.periodsPerYear = periods;
      return this;
    }

    /** Default: never. */
    public Builder killSwitchAt(Instant at) {
      this.killSwitchAt = at;
      return this;
    }

    public BacktestConfig build() {
      RiskLimits limits = riskLimits != null ? riskLimits
          : initialCash == null || initialCash.signum() <= 0 ? null : permissiveLimits(initialCash);
      return new BacktestConfig(initialCash, account, execution, limits, riskMarking, periodsPerYear,
          Optional.ofNullable(killSwitchAt));
    }
  }
}
