// Acme's rule pack: load it with `readiness audit --rules readiness-rules-acme` (or a path to this folder), or trust it
// in your user config. `readiness rules test .` runs the cases under fixtures/.
import eolBaseImage from './rules/eol-base-image.js';
import serviceOwner from './rules/service-owner.js';

export default { rules: [serviceOwner, eolBaseImage] };
