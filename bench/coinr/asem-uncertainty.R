# COINr's side of bench/coinr-asem.ts: the uncertainty analysis of COINr's sensitivity vignette on
# its ASEM example (winsorisation winmax 1–5; min-max [1, 100] or z-score (10, 2); weights at
# levels 2 and 3 with noise 0.25; arithmetic or geometric mean), timed, and the nominal Index.
# Usage: Rscript asem-uncertainty.R N NOMINAL.csv   (prints key=value lines)
suppressMessages(library(COINr))
args <- commandArgs(trailingOnly = TRUE)
N <- as.integer(args[1])
ASEM <- build_example_coin(quietly = TRUE)

regen <- system.time(for (k in 1:5) Regen(ASEM, quietly = TRUE))[["elapsed"]] / 5

norm_alts <- list(list(f_n = "n_minmax", f_n_para = list(c(1, 100))),
                  list(f_n = "n_zscore", f_n_para = list(c(10, 2))))
noisy_wts <- get_noisy_weights(w = ASEM$Meta$Weights$Original,
                               noise_specs = data.frame(Level = c(2, 3), NoiseFactor = c(0.25, 0.25)),
                               Nrep = 100)
SA_specs <- list(
  Winsorisation = list(Address = "$Log$Treat$global_specs$f1_para$winmax", Distribution = 1:5, Type = "discrete"),
  Normalisation = list(Address = "$Log$Normalise$global_specs", Distribution = norm_alts, Type = "discrete"),
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy_wts, Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"), Type = "discrete")
)
set.seed(1)
ua <- system.time(res <- suppressWarnings(get_sensitivity(ASEM, SA_specs = SA_specs, N = N, SA_type = "UA",
                                          dset = "Aggregated", iCode = "Index", quietly = TRUE,
                                          check_addresses = FALSE)))[["elapsed"]]

nominal <- get_data(ASEM, dset = "Aggregated", iCodes = "Index")
write.csv(data.frame(uCode = nominal$uCode, Index = sprintf("%.17g", nominal$Index)), args[2], row.names = FALSE)
cat(sprintf("coinr=%s\nunits=%d\nregen_ms=%.3f\nua_n=%d\nua_s=%.3f\n", as.character(packageVersion("COINr")),
            nrow(nominal), regen * 1000, N, ua))
