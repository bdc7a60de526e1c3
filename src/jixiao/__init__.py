"""jixiao（绩效）：部门整体支出绩效评价。

The domain core lives in :mod:`jixiao.core` and knows nothing of files, web or
documents; loaders (:mod:`jixiao.io`, :mod:`jixiao.frameworks`) and writers sit
around it.
"""

__version__ = "0.1.0"
