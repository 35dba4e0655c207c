// CreditMeterPrefetch is header-only (include/CreditMeterPrefetch.h); SwiftPM wants one source file per C target.
#include "CreditMeterPrefetch.h"
