// SPDX-License-Identifier: MIT
// corevla: the headless command line of CoReVLA Workstation.
#include <cstdio>
#include <cstring>
#include <string>

#include "commands.h"
#ifdef COREVLA_HAVE_MODEL
#include "model/blas_kernels.h"
#endif

namespace {

constexpr const char* kUsage = R"(usage: corevla <command> [options]

commands:
  sample --out DIR [--seed N] [--frames N] [--sessions N]
                                                write the sample recordings (+ N extra CAVE
                                                sessions, default 16)
  import --project P.corevla PATH... [--replace] [--media DIR]
                                                import recordings (files, folders, .tar.gz)
  info --project P.corevla [--json]             list the project's recordings
  eval-summary --project P.corevla [--json] [--diff A,B]
                                                Bench2Drive driving score, success rate and abilities of
                                                each imported closed-loop evaluation; --diff: route by route
  frame --project P --recording ID --frame N --camera NAME --out F.png [--width W]
                                                write one decoded frame
  bench playback --project P --recording ID [--cameras N] [--width W] [--seconds S] [--json]
                                                playback speed: decoded fps, seek latency
  segments detect --project P [--recording ID] [--lead-in S] [--json]
                                                find takeover, infraction and divergence segments
  pairs draft --project P [--recording ID] [--author NAME] [--json]
                                                draft preference pairs for segments that have none
  pairs list --project P [--status S] [--json]  list pairs with their lint
  pairs set --project P --id N --version V [--status S] [--chosen TEXT] [--reviewer NAME]
                                                change a pair; a stale V exits 3 and changes nothing
  export --project P --format llamafactory-dpo|trl-dpo|llamafactory-sft --out DIR
         [--status approved|needs-review|draft|rejected|any | --pairs ID,ID...] [--width W] [--threads N]
                                                pairs as a training dataset; only approved pairs unless
                                                --status says otherwise, or exactly the pairs named
                                                (llamafactory-sft: --from pairs)
  export --project P --format llamafactory-sft --from frames --out DIR [--every S]
         [--recording ID] [--exclude-segments] [--width W] [--threads N]
                                                SFT questions and answers from the recordings' frames
  export --project P --format llamafactory-run --stage sft|dpo --out DIR [--status S] [--from frames ...]
         [--base-model M] [--adapter DIR] [--gpus N] [--lr X] [--epochs E] [--batch N] [--grad-accum N]
         [--beta X] [--loss sigmoid|ipo|hinge] [--sft-weight X] [--label-smoothing X] [--seed N]
                                                a LLaMA-Factory run folder: the dataset, train.yaml
                                                (Qwen2.5-VL-7B + LoRA, the paper's recipe), README.md
  export --check DIR                            check any LLaMA-Factory or TRL dataset folder:
                                                one line per problem, exit 1 when there is any
  import-pairs --project P FILE [--author NAME] a LLaMA-Factory DPO JSON into pairs (needs-review),
                                                all entries or none
  train sft --data DIR --out DIR [--config F] [--init CKPT] [--max-steps N] [--epochs E] [--lr X]
            [--batch N] [--grad-accum N] [--seed N] [--eval-split X] [--save-steps N] [--resume]
            [--device auto|cpu|cuda] [--precision auto|fp32|bf16] [--threads N]
  train dpo --data DIR --init CKPT --out DIR [--ref CKPT] [--beta X] [--loss sigmoid|ipo|hinge]
            [--label-smoothing X] [--sft-weight X] [--replay SFT_DIR [--replay-weight X]]
            and the options of train sft
                                                train the embedded model; JSON lines on stdout
  generate --model CKPT --image F... --prompt TEXT [--json]
                                                the model's answer and decision for frames (oldest first)
  compare --project P --model A [--model B ...] [--on takeovers|pairs|all] [--status S|any] [--author NAME]
          [--json] [--csv F] [--html F] [--api-key-env VAR] [--timeout S] [--device D]
                                                models side by side on the pairs' decisions: agreement with
                                                the chosen answer, BLEU-4, ROUGE-1, ROUGE-L, per category
  decide --project P --model A [--api-key-env VAR] [--timeout S] [--device D] [--threads N]
                                                one model answering at frames: {"recording":R,"frame":F}
                                                a line on stdin, its answer a JSON line on stdout
  closed-loop --project P --model A [--model B ...] [--scenarios N] [--kinds LIST] [--seed S] [--out DIR]
              [--no-record] [--device D] [--threads N] [--json]
                                                the models drive the scenarios again (cut-in, blocked-lane,
                                                pedestrian-crossing, emergency-vehicle, normal; N each):
                                                Bench2Drive's scores, every run imported as a recording
  eval --model CKPT --data DIR [--json]        how a model decides on a dataset's questions: agreement
                                                with the reference decisions, BLEU-4, ROUGE-L
  demo [--seed N] [--out DIR] [--sessions N] [--sample DIR] [--sft-steps N] [--dpo-steps N]
       [--closed-loop [--closed-loop-scenarios N]] [--json]
                                                the whole loop on new sample data: SFT, DPO on half the
                                                sessions' takeovers and normal driving, both scored on
                                                the other half;
                                                --closed-loop: both drive the closed loop's scenarios
)";

}  // namespace

int main(int argc, char** argv) {
    using namespace corevla::cli;
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    const Args args(argc, argv, 2, {"json", "replace", "quiet", "no-hash", "resume", "exclude-segments", "no-record", "closed-loop"});
    if (!args.error().empty()) return usageError(args.error());
    if (command == "sample") return runSample(args);
    if (command == "import") return runImport(args);
    if (command == "info") return runInfo(args);
    if (command == "eval-summary") return runEvalSummary(args);
    if (command == "frame") return runFrame(args);
    if (command == "bench") return runBench(args);
    if (command == "segments") return runSegments(args);
    if (command == "pairs") return runPairs(args);
    if (command == "export") return runExport(args);
    if (command == "import-pairs") return runImportPairs(args);
    // The commands of the embedded model, one table for both builds.
    using Run = int (*)(const Args&);
#ifdef COREVLA_HAVE_MODEL
#define COREVLA_MODEL_RUN(f) f
#else
#define COREVLA_MODEL_RUN(f) nullptr  // not built: said so by name
#endif
    static const std::pair<const char*, Run> kModelCommands[] = {
        {"train", COREVLA_MODEL_RUN(runTrain)}, {"generate", COREVLA_MODEL_RUN(runGenerate)}, {"demo", COREVLA_MODEL_RUN(runDemo)},
        {"eval", COREVLA_MODEL_RUN(runEval)},   {"compare", COREVLA_MODEL_RUN(runCompare)},
        {"decide", COREVLA_MODEL_RUN(runDecide)}, {"closed-loop", COREVLA_MODEL_RUN(runClosedLoopCommand)},
    };
#undef COREVLA_MODEL_RUN
    for (const auto& [name, run] : kModelCommands) {
        if (command != name) continue;
        if (!run) return usageError(command + ": this build has no LibTorch (COREVLA_MODEL=OFF)");
#ifdef COREVLA_HAVE_MODEL
        // LibTorch's fp32 matmuls 5x faster on CPUs OpenBLAS does not know (the
        // commands that use it only: a restart costs LibTorch's load time again).
        corevla::model::restartWithBetterBlasKernels(argv);
#endif
        return run(args);
    }
    return usageError("unknown command '" + command + "' (see corevla --help)");
}
