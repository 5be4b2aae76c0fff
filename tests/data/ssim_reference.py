# Reference SSIM values for tests/core/test_image_metrics.cpp from scikit-image (0.19): the
# images are defined by formulas (no files), mapped to [0, 1] by the data range [1500, 4000].
import numpy as np
from skimage.metrics import structural_similarity
nz, nx = 20, 24
i, j = np.meshgrid(np.arange(nz), np.arange(nx), indexing="ij")
a = 1500 + 100 * i + 20 * np.sin(0.5 * j)
b = 1500 + 100 * ((i * 7 + j * 3) % nz)
c = a + 150 * np.cos(0.3 * i + 0.7 * j)
for name, x, y in [("a_b", a, b), ("a_c", a, c)]:
    s = structural_similarity((x - 1500) / 2500, (y - 1500) / 2500, gaussian_weights=True, sigma=1.5,
                              use_sample_covariance=False, data_range=1.0)
    print(name, repr(float(s)))
