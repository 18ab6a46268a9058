/** Public surface of the experiment statistics core: pure, synchronous, dependency-free. */
export type { AnalysisOptions, DecisionRule } from './analysis/analysis-options.ts';
export { DEFAULT_ANALYSIS_OPTIONS } from './analysis/analysis-options.ts';
export { analyzeExperiment } from './analysis/analyze-experiment.ts';
export type {
  ConversionAggregate,
  ExperimentInput,
  MeanAggregate,
  MetricInput,
  VariantInput,
} from './analysis/experiment-input.ts';
export type {
  BayesianSummary,
  ExperimentResult,
  FrequentistComparison,
  MetricResult,
  Reason,
  ReasonCode,
  Recommendation,
  SrmSummary,
  VariantMetricResult,
} from './analysis/experiment-result.ts';
export { powerAtSampleSize, sampleSizePerArm } from './frequentist/sample-size.ts';
export { sampleRatioMismatch } from './sample-ratio-mismatch.ts';
