#include "learning/inverse_network.hpp"

#include "core/error.hpp"
#include "learning/end_to_end.hpp"
#include "learning/paired_autoencoder.hpp"

namespace pairinv::learning {

std::shared_ptr<InverseNetworkImpl> makeInverseNetwork(const TrainRunOptions& o, Shape3 modelShape,
                                                       Shape3 dataShape) {
  if (o.architecture() == Architecture::EndToEnd)
    return std::make_shared<EndToEndImpl>(modelShape, dataShape, o.model(), o.data());
  return std::make_shared<PairedAutoencoderImpl>(modelShape, dataShape, o.model(), o.data());
}

}  // namespace pairinv::learning
