/** The part of autocannon 8 the benchmark uses (the package ships no types). */
declare module 'autocannon' {
  export interface Options {
    url: string;
    connections?: number;
    duration?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Requests per second over all connections (each connection sends its share at the top of each second). */
    overallRate?: number;
    timeout?: number;
    /** Record the raw response times (autocannon's correction assumes a 1 ms interval when a rate is set). */
    ignoreCoordinatedOmission?: boolean;
    /** Resolve with the raw result (encoded histograms), to aggregate several runs. */
    skipAggregateResult?: boolean;
  }

  export interface Percentiles {
    average: number;
    mean: number;
    stddev: number;
    min: number;
    max: number;
    p50: number;
    p75: number;
    p90: number;
    p97_5: number;
    p99: number;
    p99_9: number;
    totalCount: number;
  }

  export interface Result {
    duration: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    resets: number;
    statusCodeStats: Record<string, { count: number }>;
    latency: Percentiles;
    requests: Percentiles & { sent: number; total: number };
  }

  /** The raw result of one run (`skipAggregateResult: true`). */
  export interface RawResult {
    totalCompletedRequests: number;
    totalRequests: number;
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    statusCodeStats: Record<string, { count: number }>;
  }

  interface Autocannon {
    (options: Options & { skipAggregateResult: true }): Promise<RawResult>;
    (options: Options): Promise<Result>;
    aggregateResult(results: RawResult[], options: Options): Result;
  }

  const autocannon: Autocannon;
  export default autocannon;
}
