package com.tradingml.serving;

import com.tradingml.core.market.Bar;
import com.tradingml.core.policy.DecisionPolicy;
import com.tradingml.core.policy.PolicyDecision;
import com.tradingml.core.risk.CheckResult;
import com.tradingml.core.risk.OrderIntent;
import com.tradingml.core.risk.ReferencePrice;
import com.tradingml.core.risk.RiskDecision;
import com.tradingml.core.risk.RiskLimits;
import com.tradingml.core.risk.RiskState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One decision, start to finish, independent of HTTP: the symbol's online features (core's {@code FeatureState},
 * fed the request's bar), {@code prepareModelInputs}, the model, core's {@link DecisionPolicy}, core's pre-trade
 * risk gate through the {@link RiskState} port, the audit record.
 *
 * <p>Fails closed (DESIGN.md principle 5, RELIABILITY.md R8): whatever cannot be decided safely is HOLD with a
 * reason ({@link HoldReasons}) and counted; nothing throws. Checks, in order: audit place, model, the request's
 * bar, data known, fresh ({@code features.max-age} by the bar's time), warm, finite inputs, deadline, prediction,
 * policy, risk limits, deadline again, risk gate. The deadline is measured from the request's arrival (queue wait
 * included) and checked up to the risk gate; the gate is the commit point: once the risk state has counted an
 * order the answer reports it, late or not. A request's bar is applied to the features in any case (data is data,
 * even when the decision is HOLD). Thread-safe.
 */
final class DecisionEngine {

  private static final System.Logger LOG = System.getLogger(DecisionEngine.class.getName());

  private final ModelManager models;
  private final OnlineFeatures features;
  private final RiskState risk;
  private final Optional<RiskLimits> limits;
  private final DecisionPolicy policy;
  private final AuditLog audit;
  private final ServingMetrics metrics;
  private final Clock clock;
  private final long deadlineNanos;
  private final long maxAgeMicros;
  private final String idPrefix = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40, 1L << 41), 36);
  private final AtomicLong ids = new AtomicLong();

  DecisionEngine(ModelManager models, OnlineFeatures features, RiskState risk, ServingConfig config, AuditLog audit,
      ServingMetrics metrics, Clock clock) {
    this.models = models;
    this.features = features;
    this.risk = risk;
    this.limits = config.riskLimits();
    this.policy = config.policy();
    this.audit = audit;
    this.metrics = metrics;
    this.clock = clock;
    this.deadlineNanos = config.deadline().toNanos();
    this.maxAgeMicros = config.featureMaxAge().toNanos() / 1_000;
  }

  /** A new request id: unique in this process, distinct across processes with high probability. */
  String nextRequestId() {
    return idPrefix + "-" + Long.toString(ids.incrementAndGet(), 36);
  }

  /** Applies streamed bars ({@code POST /v1/bars}); the statuses in order. */
  List<OnlineFeatures.BarStatus> applyBars(List<LiveBar> bars) {
    ActiveModel model = models.current();
    long nowMicros = micros(clock.instant());
    List<OnlineFeatures.BarStatus> statuses = new ArrayList<>(bars.size());
    for (LiveBar bar : bars) {
      statuses.add(features.offer(bar, model == null ? null : model.book(), nowMicros));
    }
    return statuses;
  }

  /** Decides {@code request}, which arrived at {@code arrivalNanos} ({@link System#nanoTime()}). */
  Decision decide(Requests.Decide request, long arrivalNanos) {
    Outcome out = new Outcome(nextRequestId(), request, arrivalNanos);
    boolean reserved = audit.tryReserve();
    try {
      if (reserved) {
        decide(request, out);
      } else {
        applyBarOnly(request, out);
        out.hold(HoldReasons.AUDIT_UNAVAILABLE, "the audit log cannot take the decision (queue full or log"
            + " unwritable)");
      }
    } catch (RuntimeException | StackOverflowError e) {
      LOG.log(System.Logger.Level.ERROR, "decision " + out.requestId + " failed; HOLD " + HoldReasons.INTERNAL_ERROR, e);
      out.hold(HoldReasons.INTERNAL_ERROR, "unexpected " + e.getClass().getSimpleName() + " (request "
          + out.requestId + " in the service log)");
    } finally {
      Decision decision = out.finish();
      record(decision, out, reserved);
    }
    return out.decision;
  }

  private void decide(Requests.Decide request, Outcome out) {
    ActiveModel model = models.current();
    if (model == null) {
      applyBarOnly(request, out);
      out.hold(HoldReasons.NO_MODEL, "no model loaded yet: " + models.status().detail());
      return;
    }
    out.model = model;
    double[] inputs = new double[model.featureSet().inputColumns().size()];
    OnlineFeatures.View view = features.observe(request.symbol(), request.bar().orElse(null), model.book(),
        out.nowMicros, inputs);
    out.view = view;
    if (view.barStatus() != null && view.barStatus() != OnlineFeatures.BarStatus.ACCEPTED
        && view.barStatus() != OnlineFeatures.BarStatus.DUPLICATE) {
      out.hold(HoldReasons.BAR_REJECTED, "bar at " + request.bar().get().timestamp() + " refused: "
          + view.barStatus().code() + (view.known() ? " (last bar at " + Bar.instantOfMicros(view.lastMicros()) + ")"
          : ""));
      return;
    }
    if (!view.known()) {
      out.hold(HoldReasons.NO_DATA, "no bars of " + request.symbol() + " yet: send one with the request or to"
          + " /v1/bars");
      return;
    }
    long age = out.nowMicros - view.lastMicros();
    metrics.featureAge(age);
    if (age > maxAgeMicros) {
      out.hold(HoldReasons.STALE_FEATURES, "last bar of " + request.symbol() + " at "
          + Bar.instantOfMicros(view.lastMicros()) + " is " + Duration.ofNanos(age * 1_000) + " old > max "
          + Duration.ofNanos(maxAgeMicros * 1_000));
      return;
    }
    if (!view.warm()) {
      out.hold(HoldReasons.FEATURES_WARMING_UP, request.symbol() + " has " + view.barsSeen() + " of the "
          + model.featureSet().warmupBars() + " bars " + model.featureSet().name() + " needs");
      return;
    }
    if (!model.featureSet().prepareModelInputs(inputs)) {
      out.inputs = inputs;
      out.hold(HoldReasons.INVALID_FEATURES, "input " + firstNonFinite(model, inputs) + " is not a finite number");
      return;
    }
    out.inputs = inputs;
    if (out.pastDeadline()) {
      out.hold(HoldReasons.DEADLINE_EXCEEDED, "deadline passed before the prediction");
      return;
    }
    double[] probabilities = new double[3];
    model.predictor().predict(inputs, probabilities);
    out.probabilities = probabilities;
    PolicyDecision wanted = policy.decide(probabilities, request.position());
    out.target = wanted.targetPosition();
    if (limits.isEmpty()) {
      out.hold(HoldReasons.NO_RISK_LIMITS, "no risk limits are configured (serving.risk.*)");
      return;
    }
    Instant barTime = Bar.instantOfMicros(view.lastMicros());
    if (view.barStatus() == OnlineFeatures.BarStatus.ACCEPTED) {
      // New market data for this account's P&L: the daily-loss latch is evaluated at the new mark.
      risk.mark(request.account(), request.symbol(), view.lastClose(), barTime, limits.get());
    }
    if (!wanted.isOrder()) {
      out.hold(wanted.reason(), null);
      return;
    }
    if (out.pastDeadline()) {
      out.hold(HoldReasons.DEADLINE_EXCEEDED, "deadline passed before the risk gate");
      return;
    }
    OrderIntent order = wanted.toOrderIntent(request.clientOrderId(), request.account(), request.symbol(),
        view.lastClose(), out.now).orElseThrow();
    RiskDecision verdict = risk.submit(order, Optional.of(ReferencePrice.of(view.lastClose(), barTime)), limits.get(),
        out.now);
    out.verdict = verdict;
    if (verdict.accepted()) {
      out.order(wanted);
    } else if (RiskDecision.RISK_STATE_UNAVAILABLE.equals(verdict.reason())) {
      out.hold(HoldReasons.RISK_STATE_UNAVAILABLE, verdict.checks().get(0).reason());
    } else {
      out.hold(HoldReasons.RISK_REJECTED, "failed: " + verdict.reason());
    }
  }

  private void applyBarOnly(Requests.Decide request, Outcome out) {
    if (request.bar().isEmpty()) {
      return;
    }
    ActiveModel model = models.current();
    features.offer(request.bar().get(), model == null ? null : model.book(), out.nowMicros);
  }

  private void record(Decision decision, Outcome out, boolean reserved) {
    try {
      metrics.decision(decision.action(), decision.reason(), System.nanoTime() - out.arrivalNanos);
      if (HoldReasons.FAIL_CLOSED.contains(decision.reason()) && "HOLD".equals(decision.action())) {
        metrics.failClosed(decision.reason());
      }
      if (out.verdict != null && !out.verdict.accepted() && !out.verdict.replay()) {
        for (CheckResult check : out.verdict.failedChecks()) {
          metrics.riskReject(check.name());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "metrics failed for " + out.requestId, e);
    }
    if (reserved) {
      try {
        audit.append(new AuditLog.Entry(decision.requestId(), out.now, decision.symbol(), decision.account(),
            decision.clientOrderId(), decision.action(), decision.quantity(), decision.reason(), decision.detail(),
            out.model == null ? null : out.model.ref(), out.view == null || !out.view.known() ? null
                : out.view.lastMicros(), out.probabilities, out.inputs,
            out.verdict == null ? null : out.verdict.accepted(), out.verdict == null ? null : out.verdict.reason(),
            out.verdict != null && out.verdict.replay(), out.verdict == null ? List.of() : out.verdict.checks(),
            decision.serverLatencyMicros()));
      } catch (RuntimeException e) {
        audit.release();
        LOG.log(System.Logger.Level.ERROR, "audit record of " + out.requestId + " failed", e);
      }
    }
  }

  private static String firstNonFinite(ActiveModel model, double[] inputs) {
    for (int i = 0; i < inputs.length; i++) {
      if (!Double.isFinite(inputs[i])) {
        return model.featureSet().inputColumns().get(i) + " = " + inputs[i];
      }
    }
    return "?";
  }

  static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  /** The decision under construction (one request, one thread). */
  private final class Outcome {
    final String requestId;
    final Requests.Decide request;
    final long arrivalNanos;
    final Instant now;
    final long nowMicros;
    ActiveModel model;
    OnlineFeatures.View view;
    double[] inputs;
    double[] probabilities;
    Long target;
    RiskDecision verdict;
    String action = "HOLD";
    long quantity;
    String reason;
    String detail;
    Decision decision;

    Outcome(String requestId, Requests.Decide request, long arrivalNanos) {
      this.requestId = requestId;
      this.request = request;
      this.arrivalNanos = arrivalNanos;
      this.now = clock.instant();
      this.nowMicros = micros(now);
    }

    boolean pastDeadline() {
      return System.nanoTime() - arrivalNanos > deadlineNanos;
    }

    void hold(String reason, String detail) {
      this.action = "HOLD";
      this.quantity = 0;
      this.reason = reason;
      this.detail = detail;
    }

    void order(PolicyDecision wanted) {
      this.action = wanted.action().name();
      this.quantity = wanted.quantity();
      this.reason = wanted.reason();
      this.detail = verdict != null && verdict.replay()
          ? "replay: the original decision for this client order id; do not route the order again" : null;
    }

    Decision finish() {
      if (reason == null) {
        hold(HoldReasons.INTERNAL_ERROR, "no outcome");
      }
      Map<String, Double> probabilityMap = null;
      if (probabilities != null && model != null) {
        probabilityMap = new LinkedHashMap<>();
        for (int c = 0; c < model.classes().size(); c++) {
          probabilityMap.put(model.classes().get(c), probabilities[c]);
        }
      }
      Decision.Features featureInfo = null;
      if (view != null && view.known()) {
        featureInfo = new Decision.Features(Bar.instantOfMicros(view.lastMicros()).toString(),
            (nowMicros - view.lastMicros()) / 1_000, view.barsSeen(),
            view.barStatus() == null ? null : view.barStatus().code());
      } else if (view != null && view.barStatus() != null) {
        featureInfo = new Decision.Features(null, 0, 0, view.barStatus().code());
      }
      Decision.Risk riskInfo = null;
      if (verdict != null) {
        List<Decision.Check> checks = new ArrayList<>(verdict.checks().size());
        for (CheckResult check : verdict.checks()) {
          checks.add(Decision.Check.of(check));
        }
        riskInfo = new Decision.Risk(verdict.accepted(), verdict.reason(), verdict.replay(), checks);
      }
      long target = "HOLD".equals(action) ? request.position() : this.target;
      long latencyMicros = (System.nanoTime() - arrivalNanos) / 1_000;
      decision = new Decision(requestId, request.symbol().value(), request.account(), request.clientOrderId(), action,
          quantity, target, reason, detail, probabilityMap, model == null ? null
              : new Decision.ModelRef(model.name(), model.version()), featureInfo, riskInfo, latencyMicros);
      return decision;
    }
  }
}
