package io.marketplaceexporter.operations.drill;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * What a drill found, as {@code GET /api/v1/drills/{id}} answers it and {@code drills.json} keeps
 * it. {@code state} is {@code running} or {@code finished}; {@code result}, once finished, {@code
 * passed} when every stage is {@code ok}, else {@code failed}. {@code startedAt} and {@code
 * finishedAt} are RFC 3339 times; stage times are seconds from the start.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrillReport(
    String id,
    String incident,
    String alert,
    String marketplace,
    String shop,
    String state,
    String result,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("finished_at") String finishedAt,
    List<Stage> stages) {
  public static final String RUNNING = "running";
  public static final String FINISHED = "finished";
  public static final String PASSED = "passed";
  public static final String FAILED = "failed";

  public DrillReport {
    Objects.requireNonNull(id, "id");
    stages = List.copyOf(stages);
  }

  /**
   * One stage: {@code played} (the fault's events accepted), {@code firing} (Prometheus had the
   * alert firing), {@code delivered} (the robot got the message) or {@code runbook} (the alert's
   * runbook link answered). {@code status}: {@code pending}, {@code ok}, {@code missed} (its
   * deadline passed) or {@code failed}; {@code seconds}: when it was reached, from the start;
   * {@code httpStatus}: the runbook link's answer.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Stage(
      String name,
      String status,
      Double seconds,
      @JsonProperty("http_status") Integer httpStatus,
      String detail) {
    public static final String PENDING = "pending";
    public static final String OK = "ok";
    public static final String MISSED = "missed";
    public static final String FAILED = "failed";

    @JsonIgnore
    public boolean ok() {
      return OK.equals(status);
    }
  }

  /** The stage named {@code name}, if the report has it. */
  @JsonIgnore
  public Stage stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  @JsonIgnore
  public boolean finished() {
    return FINISHED.equals(state);
  }
}
