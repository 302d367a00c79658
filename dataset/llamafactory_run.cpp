// SPDX-License-Identifier: MIT
#include "dataset/llamafactory_run.h"

#include <cmath>
#include <cstdio>

namespace corevla::dataset {
namespace {

// A free-text value (a model name, a path) as a double-quoted YAML scalar.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

// Floats as YAML 1.1 (PyYAML) reads them as floats: always with a dot ("1.0e-04", "3.0").
std::string real(double value) {
    char text[32];
    if (value != 0 && std::abs(value) < 1e-2) std::snprintf(text, sizeof text, "%.1e", value);
    else std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

class Yaml {
public:
    Yaml& section(const char* name) {
        m_text += (m_text.empty() ? "### " : "\n### ") + std::string(name) + "\n";
        return *this;
    }
    Yaml& key(const char* name, const std::string& value) {
        m_text += std::string(name) + ": " + value + "\n";
        return *this;
    }
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
};

std::string outputDir(const LlamaFactoryRun& run) {
    return run.outputDir.empty() ? "saves/corevla-" + run.stage + "-lora" : run.outputDir;
}

std::string trainYaml(const LlamaFactoryRun& run, const std::string& dataset) {
    const bool dpo = run.stage == "dpo";
    const double lr = run.learningRate > 0 ? run.learningRate : dpo ? 5e-6 : 1e-4;
    Yaml y;
    y.section("model");
    y.key("model_name_or_path", quoted(run.model));
    if (!run.adapter.empty()) y.key("adapter_name_or_path", quoted(run.adapter));
    y.key("image_max_pixels", "262144").key("trust_remote_code", "true");
    y.section("method");
    y.key("stage", run.stage).key("do_train", "true").key("finetuning_type", "lora");
    // The paper's LoRA: r 64, alpha 128, on every linear layer of the LLM (the vision tower stays frozen).
    y.key("lora_rank", "64").key("lora_alpha", "128").key("lora_dropout", "0.0").key("lora_target", "all");
    y.key("freeze_vision_tower", "true");
    if (dpo) {
        y.key("pref_beta", real(run.beta)).key("pref_loss", run.loss).key("pref_ftx", real(run.sftWeight));
        y.key("dpo_label_smoothing", real(run.labelSmoothing));
    }
    if (run.gpus > 1) y.key("deepspeed", "ds_z3_config.json");
    y.section("dataset");
    y.key("dataset", dataset).key("dataset_dir", ".").key("template", "qwen2_vl");
    y.key("cutoff_len", "8182").key("max_samples", "200000").key("overwrite_cache", "true");
    y.key("preprocessing_num_workers", "16");
    y.section("output");
    y.key("output_dir", quoted(outputDir(run)));
    y.key("logging_steps", "10").key("save_steps", "500").key("plot_loss", "true").key("overwrite_output_dir", "true");
    y.section("train");
    y.key("per_device_train_batch_size", std::to_string(run.batch)).key("gradient_accumulation_steps", std::to_string(run.gradAccum));
    y.key("learning_rate", real(lr)).key("num_train_epochs", real(run.epochs)).key("lr_scheduler_type", "cosine");
    y.key("warmup_ratio", "0.1").key("weight_decay", "0.0").key("max_grad_norm", "1.0");
    y.key("bf16", "true").key("ddp_timeout", "180000000").key("seed", std::to_string(run.seed));
    return "# CoReVLA Workstation: " + run.stage + " of " + run.model + " with LoRA (the paper's recipe).\n" +
           "# Run in this folder: llamafactory-cli train train.yaml (README.md)\n" + y.text();
}

// DeepSpeed ZeRO-3; "auto" lets the Hugging Face Trainer fill in its own values.
constexpr const char* kZero3 = R"({
  "train_batch_size": "auto",
  "train_micro_batch_size_per_gpu": "auto",
  "gradient_accumulation_steps": "auto",
  "gradient_clipping": "auto",
  "zero_allow_untested_optimizer": true,
  "bf16": {"enabled": "auto"},
  "zero_optimization": {
    "stage": 3,
    "overlap_comm": true,
    "contiguous_gradients": true,
    "reduce_bucket_size": "auto",
    "stage3_prefetch_bucket_size": "auto",
    "stage3_param_persistence_threshold": "auto",
    "stage3_gather_16bit_weights_on_model_save": true
  }
}
)";

std::string readme(const LlamaFactoryRun& run, const std::string& dataset) {
    const std::string launch = run.gpus > 1 ? "FORCE_TORCHRUN=1 NPROC_PER_NODE=" + std::to_string(run.gpus) + " llamafactory-cli train train.yaml"
                                      : "llamafactory-cli train train.yaml";
    return "# LLaMA-Factory run: " + run.stage + " on `" + dataset + "`\n\n"
           "Written by `corevla export --format llamafactory-run`: the dataset (`dataset_info.json`, the data file,\n"
           "`images/`, `manifest.json` with its content hash) and `train.yaml`, the paper's recipe for\n" +
           run.model + " with LoRA (r 64, alpha 128, all LLM linear layers, bf16).\n\n"
           "Launch, in this folder, where LLaMA-Factory (with Qwen2.5-VL support) is installed:\n\n"
           "    " + launch + "\n\n"
           "On a Slurm cluster, the same line inside `srun --gpus-per-node=" + std::to_string(run.gpus) +
           "` (several nodes: add NNODES, NODE_RANK,\nMASTER_ADDR and MASTER_PORT). " +
           (run.gpus > 1 ? "ZeRO-3 shards the model over the GPUs (`ds_z3_config.json`).\n\n" : "\n\n") +
           "Serve the result for the workstation's model comparison (an OpenAI-compatible endpoint):\n\n"
           "    API_PORT=8000 llamafactory-cli api --model_name_or_path " + run.model + " \\\n"
           "        --adapter_name_or_path " + outputDir(run) + " --template qwen2_vl --infer_backend vllm\n\n"
           "then add `http://HOST:8000/v1` as an endpoint model in the workstation.\n";
}

}  // namespace

std::string runProblem(const LlamaFactoryRun& run) {
    if (run.stage != "sft" && run.stage != "dpo") return "--stage is sft or dpo (got \"" + run.stage + "\")";
    if (run.gpus < 1) return "--gpus needs at least 1";
    if (!(run.epochs > 0) || run.batch < 1 || run.gradAccum < 1) return "--epochs, --batch and --grad-accum must be positive";
    if (!(run.learningRate >= 0)) return "--lr must be positive";
    if (run.loss != "sigmoid" && run.loss != "ipo" && run.loss != "hinge")
        return "--loss is sigmoid, ipo or hinge (got \"" + run.loss + "\")";
    if (!(run.beta > 0)) return "--beta must be positive";
    if (!(run.labelSmoothing >= 0 && run.labelSmoothing <= 0.5)) return "--label-smoothing is between 0 and 0.5";
    if (run.model.empty()) return "--base-model needs a model name or path";
    return {};
}

std::vector<std::pair<std::string, std::string>> llamaFactoryRunFiles(const LlamaFactoryRun& run, const std::string& dataset) {
    std::vector<std::pair<std::string, std::string>> files{{"train.yaml", trainYaml(run, dataset)}};
    if (run.gpus > 1) files.emplace_back("ds_z3_config.json", kZero3);
    files.emplace_back("README.md", readme(run, dataset));
    return files;
}

}  // namespace corevla::dataset
