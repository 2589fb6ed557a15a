/* placeholder so the audio layer builds until its first source lands; removed then */
typedef int pacm_audio_placeholder_unused;
