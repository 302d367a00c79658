// SPDX-License-Identifier: MIT
// A LLaMA-Factory run folder, for when one workstation is not enough: the
// exported dataset (llamafactory-sft or -dpo) plus
//
//   train.yaml          `llamafactory-cli train train.yaml`, run in the folder:
//                       the paper's recipe for Qwen2.5-VL-7B + LoRA (formats.md
//                       4.3 and 5), stage sft or dpo
//   ds_z3_config.json   DeepSpeed ZeRO-3, only when more than one GPU trains
//   README.md           how to launch it on a cluster and serve the result
//                       for the model comparison
//
// Only keys LLaMA-Factory documents are written (the test holds their list).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace corevla::dataset {

struct LlamaFactoryRun {
    std::string stage = "dpo";                          // "sft" or "dpo"
    std::string model = "Qwen/Qwen2.5-VL-7B-Instruct";  // model_name_or_path
    std::string adapter;          // adapter_name_or_path: the SFT LoRA a DPO run starts from; empty: none
    int gpus = 1;                 // > 1: torchrun + ZeRO-3
    double learningRate = 0;      // 0: the stage's default (sft 1e-4 as the paper, dpo 5e-6)
    double epochs = 3;
    int batch = 2;                // per device
    int gradAccum = 8;
    double beta = 0.1;            // dpo: pref_beta
    std::string loss = "sigmoid"; // dpo: pref_loss
    double sftWeight = 0;         // dpo: pref_ftx
    double labelSmoothing = 0;    // dpo: dpo_label_smoothing
    int seed = 42;
    std::string outputDir;        // empty: saves/corevla-<stage>-lora
};

// The problem with the options, or empty.
std::string runProblem(const LlamaFactoryRun& run);

// The files beside the dataset: (name, text), train.yaml first. `dataset` is
// the dataset_info.json entry the export wrote (corevla_sft / corevla_dpo).
std::vector<std::pair<std::string, std::string>> llamaFactoryRunFiles(const LlamaFactoryRun& run, const std::string& dataset);

}  // namespace corevla::dataset
