package dev.fastfn.console;

import dev.fastfn.config.ConsoleSettings;
import dev.fastfn.config.FastfnConfig;
import dev.fastfn.discovery.CatalogHolder;
import dev.fastfn.gateway.ControlRoutes;
import dev.fastfn.gateway.Invoker;
import dev.fastfn.gateway.RuntimeStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds every console endpoint and registers it on the control routes. The {@link #guard()} is
 * shared with other packages' guarded endpoints ({@code /_fn/jobs}, {@code /_fn/schedules},
 * {@code /_fn/logs}): wrap them with {@link Guard#protect} or {@link Guard#protectApiOnly}.
 */
public final class ConsoleApi {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);

  private final Guard guard;
  private final UiState flags;
  private final RateLimiter limiter;
  private final Credentials credentials;
  private final SessionCodec sessions;
  private final FastfnConfig config;
  private final CatalogHolder catalogs;
  private final Invoker invoker;
  private final RuntimeStatus runtimes;
  private final ScheduleStates schedules;
  private final SecretStore secrets;
  private final Clock clock;
  private final Settle settle;
  private final FunctionLocator locator;
  private final FunctionDetails details;

  private ConsoleApi(FastfnConfig config, CatalogHolder catalogs, Invoker invoker, RuntimeStatus runtimes,
      ScheduleStates schedules, SecretStore secrets, ReadinessWait readiness, Clock clock) {
    this.config = config;
    this.catalogs = catalogs;
    this.invoker = invoker;
    this.runtimes = runtimes;
    this.schedules = schedules;
    this.secrets = secrets;
    this.clock = clock;
    this.settle = new Settle(readiness);
    this.locator = new FunctionLocator(config.functionsRoot(), catalogs, List.of(config.dataDir(), config.logsDir()));
    this.details = new FunctionDetails(config, runtimes, schedules);
    ConsoleSettings s = config.console();
    this.flags = new UiState(s);
    this.limiter = new RateLimiter(clock);
    this.credentials = Credentials.from(s);
    this.sessions = new SessionCodec(s.sessionSecret(), credentials, s.sessionTtlSeconds(), clock);
    this.guard = new Guard(flags, limiter, sessions);
  }

  /**
   * @param schedules the scheduler's state per function, for function details
   * @param readiness how a write waits until the changed function is ready ({@link ReadinessWait#NONE}:
   *     answer at once)
   */
  public static ConsoleApi create(FastfnConfig config, CatalogHolder catalogs, Invoker invoker, RuntimeStatus runtimes,
      ScheduleStates schedules, SecretStore secrets, ReadinessWait readiness, Clock clock) {
    ConsoleApi api = new ConsoleApi(config, catalogs, invoker, runtimes, schedules, secrets, readiness, clock);
    api.warnAboutExposure();
    return api;
  }

  /** Access control for guarded endpoints of other packages. */
  public Guard guard() {
    return guard;
  }

  /** Registers every {@code /_fn/*} endpoint this package serves. */
  public void register(ControlRoutes control) {
    FunctionLocks locks = new FunctionLocks();
    var rts = config.runtimes();
    CatalogEndpoint catalog = new CatalogEndpoint(config, catalogs, runtimes, invoker.warm(), clock);
    control.register("/_fn/catalog", guard.protectApiOnly(catalog));
    control.register("/_fn/api/functions", guard.protectApiOnly(new FunctionListEndpoint(catalog, catalogs)));
    control.register("/_fn/reload", new ReloadEndpoint(guard, catalogs, clock));
    control.register("/_fn/packs", guard.protectApiOnly(new PacksEndpoint(config, clock)));
    control.register("/_fn/function", guard.protect(new FunctionEndpoint(rts, catalogs, locator, details,
        new FunctionCreator(catalogs, locator, locks), new FunctionRemover(catalogs, locator, locks), settle)));
    FunctionEditor editor = new FunctionEditor(rts, catalogs, locator, details, locks, settle);
    control.register("/_fn/function-config", guard.protect(new FunctionConfigEndpoint(editor)));
    control.register("/_fn/function-env", guard.protect(new FunctionEnvEndpoint(editor)));
    control.register("/_fn/function-code", guard.protect(new FunctionCodeEndpoint(editor)));
    control.register("/_fn/function-files", guard.protectApiOnly(new FunctionFilesEndpoint(rts, locator)));
    control.register("/_fn/function-file-content", guard.protect(
        new FileContentEndpoint(rts, catalogs, locator, locks, settle)));
    control.register("/_fn/invoke", guard.protectApiOnly(new InvokeEndpoint(rts, catalogs, invoker)));
    control.register("/_fn/ui-state", new UiStateEndpoint(guard, flags));
    control.register("/_fn/secrets", guard.protect(new SecretsEndpoint(secrets)));
    RateLimiter loginFailures = new RateLimiter(clock);
    control.register("/_fn/login", new LoginEndpoint(guard, flags, credentials, sessions, loginFailures, false));
    control.register("/_fn/logout", new LoginEndpoint(guard, flags, credentials, sessions, loginFailures, true));
  }

  /**
   * Exercises the read-only half of a console write's answer ({@link ConsoleWarmUp}) {@code passes}
   * times or until {@code budget} has passed, so the JIT has compiled it before the first writes.
   * Returns how many function details it built.
   */
  public int exercise(int passes, Duration budget) {
    return new ConsoleWarmUp(catalogs, locator, details, config.runtimes()).run(passes, budget);
  }

  private void warnAboutExposure() {
    ConsoleSettings s = config.console();
    if (s.apiEnabled() && !s.localOnly() && s.writeEnabled() && !s.loginApi()) {
      LOG.warn("console writes are open to any client that can reach this port (FN_CONSOLE_LOCAL_ONLY=0, "
          + "FN_CONSOLE_WRITE_ENABLED=1, FN_CONSOLE_LOGIN_API=0); set FN_CONSOLE_LOGIN_API=1 or use FN_ADMIN_TOKEN");
    }
    if (s.loginEnabled() && !credentials.configured()) {
      LOG.warn("FN_CONSOLE_LOGIN_ENABLED=1 but no valid FN_CONSOLE_LOGIN_USERNAME / password hash is configured; "
          + "logins will fail with 500");
    }
    if (s.loginEnabled() && !sessions.hasSecret()) {
      LOG.warn("FN_CONSOLE_LOGIN_ENABLED=1 but FN_CONSOLE_SESSION_SECRET is not set; logins will fail with 500");
    }
  }
}
