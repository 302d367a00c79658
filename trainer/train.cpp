// SPDX-License-Identifier: MIT
#include "trainer/train.h"

#include "trainer/trainer.h"

namespace corevla::trainer {

const char* lossTypeName(DpoLossType type) {
    switch (type) {
    case DpoLossType::Sigmoid: return "sigmoid";
    case DpoLossType::Ipo: return "ipo";
    case DpoLossType::Hinge: return "hinge";
    }
    return "sigmoid";
}

bool parseLossType(const std::string& name, DpoLossType* type) {
    for (DpoLossType t : {DpoLossType::Sigmoid, DpoLossType::Ipo, DpoLossType::Hinge})
        if (name == lossTypeName(t)) {
            *type = t;
            return true;
        }
    return false;
}

TrainResult train(const TrainOptions& options, const LineSink& lines, const CancelToken* cancel) {
    // A worker thread may run this: nothing it throws may end the program.
    try {
        auto trainer = options.kind == DataKind::Dpo ? makeDpoTrainer(options, lines, cancel) : makeSftTrainer(options, lines, cancel);
        return trainer->run();
    } catch (const std::exception& e) {
        TrainResult r;
        r.error = std::string("training failed: ") + e.what();
        return r;
    }
}

}  // namespace corevla::trainer
