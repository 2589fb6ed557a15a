/* Keeps the mixer layer non-empty while it is being built (CMake needs one source per OBJECT
 * library); removed once the layer has sources of its own. */
typedef int pacm_mixer_layer_placeholder;
