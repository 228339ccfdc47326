<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>Field</name>
    <message>
        <location filename="../core/analysis/fields.cpp" line="36" />
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="37" />
        <source>Scored tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="38" />
        <source>tokens: scored positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="40" />
        <source>Bytes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="41" />
        <source>Bytes of text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="42" />
        <source>bytes: UTF-8 bytes of the documents counted</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="44" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="46" />
        <source>nll_mean: mean −log p(truth), nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="48" />
        <source>Perplexity</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="50" />
        <source>perplexity: exp(nll_mean)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="52" />
        <source>Δ NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="53" />
        <source>Δ NLL vs base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="54" />
        <source>delta_nll: this map's NLL minus the base map's over the same positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="56" />
        <source>KL(b‖m)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="57" />
        <source>KL(base ‖ map)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="58" />
        <source>kl_bt_mean: mean KL(base ‖ map), nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="60" />
        <source>KL(m‖b)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="61" />
        <source>KL(map ‖ base)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="62" />
        <source>kl_tb_mean: mean KL(map ‖ base), nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="64" />
        <source>JS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="65" />
        <source>Jensen–Shannon</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="66" />
        <source>js_mean: mean Jensen–Shannon divergence from the base map, nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="68" />
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="70" />
        <source>entropy_mean: mean entropy of the predictions, nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="72" />
        <source>Δ Entropy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="73" />
        <source>Δ entropy vs base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="74" />
        <source>delta_entropy: entropy minus the base map's; &lt; 0 means the map grew more certain</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="76" />
        <source>ECE</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="77" />
        <source>Expected calibration error</source>
        <translation>Erwarteter Kalibrierungsfehler</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="78" />
        <source>ece: expected calibration error over 15 confidence bins</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="80" />
        <source>Brier</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="81" />
        <source>Brier score</source>
        <translation>Brier-Score</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="82" />
        <source>brier: mean Brier score of the full distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="84" />
        <source>Top-1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="85" />
        <source>Top-1 accuracy</source>
        <translation>Top-1-Genauigkeit</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="86" />
        <source>top1_accuracy: share of positions whose most likely token is the truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="88" />
        <source>Temp.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="89" />
        <source>Recalibration temperature</source>
        <translation>Rekalibrierungstemperatur</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="90" />
        <source>temperature: the T that minimises NLL of softmax(logits / T)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="92" />
        <source>Bits/byte</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="93" />
        <source>Bits per byte</source>
        <translation>Bits pro Byte</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="94" />
        <source>bits_per_byte: total NLL in bits per UTF-8 byte of text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="96" />
        <source>Added mass</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="97" />
        <source>Mass on added tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="98" />
        <source>added_mass_mean: mean probability on ids the base vocabulary lacks</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="100" />
        <source>K₀</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="101" />
        <source>KL without the prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="102" />
        <source>k0: mean KL(map ‖ base) without the prompt, nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="104" />
        <source>K_P</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="105" />
        <source>KL under the prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="106" />
        <source>kp: mean KL(map ‖ base under the prompt), nats</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="108" />
        <source>Zoom recovered</source>
        <translation>Durch Zoom erklärt</translation>
    </message>
    <message>
        <location filename="../core/analysis/fields.cpp" line="110" />
        <source>zoom_recovered: 1 − K_P / K_0, the share of the tuning the prompt explains</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Metric</name>
    <message>
        <location filename="../widgets/metric.cpp" line="19" />
        <source>Δ log p vs base (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="20" />
        <source>log p(token) under this map minus under the base map; negative where tuning moved probability away from the ground truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="23" />
        <source>KL(base ‖ map) (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="24" />
        <source>How much of the base map's belief this map dropped at this position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="26" />
        <source>KL(map ‖ base) (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="27" />
        <source>How far this map moved into places the base map thought unlikely</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="28" />
        <source>Jensen–Shannon (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="29" />
        <source>Symmetric divergence between this map and the base map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="30" />
        <source>Entropy (nats)</source>
        <translation>Entropie (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="31" />
        <source>Uncertainty of the next-token distribution</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="32" />
        <source>Δ entropy vs base (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="33" />
        <source>Entropy of this map minus the base map's; negative where the map collapsed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="35" />
        <source>Rank of the true token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="36" />
        <source>1 + number of tokens the map found more likely than the ground truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="38" />
        <source>NLL (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="39" />
        <source>Negative log-likelihood of the ground-truth token</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="40" />
        <source>Confidence (max p)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/metric.cpp" line="41" />
        <source>Probability of the map's most likely token</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="103" />
        <source>token %1 of “%2”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="113" />
        <source>log p</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="114" />
        <source>rank</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="115" />
        <source>entropy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="116" />
        <source>KL(base‖map)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <location filename="../widgets/runlauncher.cpp" line="29" />
        <source>Run %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runlauncher.cpp" line="46" />
        <source>This build has no analysis engine yet: the run was not started.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="41" />
        <source>Queued</source>
        <translation>Wartet</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="42" />
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="43" />
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="44" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="45" />
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="46" />
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="72" />
        <source>Open %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="82" />
        <source>Create %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="95" />
        <source>Save %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="225" />
        <source>Load run %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="263" />
        <source>Summarise slice %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="263" />
        <source>Summarise run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="278" />
        <source>Slices</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="279" />
        <source>The slice does not apply to this run; showing every position instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="360" />
        <source>This checkpoint is already in the session.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <location filename="../widgets/session.cpp" line="376" />
        <source>Add %n checkpoint(s)</source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="386" />
        <source>Remove checkpoint %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="397" />
        <source>Rename %1 to %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="410" />
        <source>Make %1 %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="410" />
        <source>the base</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="410" />
        <source>a tuned map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="424" />
        <source>Move %1 in the lineage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="433" />
        <source>Edit notes of %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="439" />
        <source>Prompt %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="441" />
        <source>Add prompt %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="452" />
        <source>Remove prompt %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="460" />
        <source>Add slice %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="471" />
        <source>Remove slice %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="480" />
        <source>Rename slice to %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="507" />
        <source>Annotate “%1”</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="517" />
        <source>Remove annotation</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/session.cpp" line="526" />
        <source>Edit annotation</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>Slice</name>
    <message numerus="yes">
        <location filename="../widgets/slice.cpp" line="132" />
        <source>lasso of %n vertices on the projection</source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="29" />
        <source>Cartograph workbench</source>
        <translation>Cartograph-Werkbank</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="32" />
        <source>Session file to open</source>
        <translation>Zu öffnende Sitzungsdatei</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../widgets/runrequest.cpp" line="31" />
        <source>Choose the base checkpoint (the map the others are compared with).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="32" />
        <source>The base checkpoint %1 does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="33" />
        <source>Choose at least one tuned checkpoint to compare with the base.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="36" />
        <source>%1 is chosen twice; each checkpoint takes part once.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="38" />
        <source>The tuned checkpoint %1 does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="40" />
        <source>Choose the territory: a text, JSONL file or a folder of documents.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="41" />
        <source>The territory %1 does not exist.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="44" />
        <source>Top-k must be between 1 and 1000 (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="46" />
        <source>The window must be 0 (the models' context) or at least 2 tokens (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="47" />
        <source>The stride must be 0 (half the window) or positive (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="49" />
        <source>A stride of %1 would skip tokens: it must not exceed the window of %2.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="50" />
        <source>Threads must be 0 (one per core) or more (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="52" />
        <source>The device must be cpu or cuda (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="53" />
        <source>The batch must hold at least one window (it is %1).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/storebackend.cpp" line="50" />
        <source> on %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/storebackend.cpp" line="51" />
        <source> (zoomed)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/storebackend.cpp" line="54" />
        <source>%1 of %2 documents committed</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::AboutDialog</name>
    <message>
        <location filename="../widgets/aboutdialog.cpp" line="13" />
        <source>About Cartograph</source>
        <translation>Über Cartograph</translation>
    </message>
    <message>
        <location filename="../widgets/aboutdialog.cpp" line="16" />
        <source>&lt;h2&gt;Cartograph %1&lt;/h2&gt;&lt;p&gt;See where fine-tuning or reinforcement learning redrew a language model's map of its territory.&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::ChartPanel</name>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="31" />
        <source>Right-click to export this chart as PNG or SVG</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="96" />
        <source>Exported from Cartograph</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="118" />
        <source>Export as PNG…</source>
        <translation>Als PNG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="119" />
        <source>Export as SVG…</source>
        <translation>Als SVG exportieren…</translation>
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="126" />
        <source>Export Chart</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="127" />
        <source>SVG images (*.svg)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/chartpanel.cpp" line="127" />
        <source>PNG images (*.png)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::CheckpointsModel</name>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="33" />
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="33" />
        <source>tuned</source>
        <translation>nachtrainiert</translation>
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="39" />
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;%2&lt;br&gt;Lineage step %3 (drag to reorder; F2 to rename)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="57" />
        <source>Checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="58" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="59" />
        <source>Format</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/checkpointsmodel.cpp" line="60" />
        <source>Path</source>
        <translation>Pfad</translation>
    </message>
</context>
<context>
    <name>widgets::ColorLegend</name>
    <message>
        <location filename="../widgets/colorlegend.cpp" line="20" />
        <source>Colour key of the chosen metric</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::DocumentsModel</name>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="102" />
        <source>
Not in the current slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="113" />
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="114" />
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="115" />
        <source>NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="116" />
        <source>Δ NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="117" />
        <source>Entropy</source>
        <translation>Entropie</translation>
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="118" />
        <source>Top-1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="119" />
        <source>KL(b‖m)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="120" />
        <source>KL(m‖b)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="121" />
        <source>JS</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="122" />
        <source>KL max</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="123" />
        <source>Bits/byte</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="124" />
        <source>Metadata</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="129" />
        <source>Mean negative log-likelihood of %1 over the document (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="130" />
        <source>NLL of %1 minus the base map's: &gt; 0 where tuning made the territory less likely</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="131" />
        <source>Mean entropy of %1's predictions (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="132" />
        <source>Share of positions where %1's most likely token is the truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="133" />
        <source>Mean KL(base ‖ %1) (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="134" />
        <source>Mean KL(%1 ‖ base) (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="135" />
        <source>Mean Jensen–Shannon divergence between %1 and the base (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="136" />
        <source>Largest KL(base ‖ %1) at any position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="137" />
        <source>Bits per UTF-8 byte under %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/documentsmodel.cpp" line="138" />
        <source>Click to sort</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::HistogramChart</name>
    <message>
        <location filename="../widgets/charts/histogramchart.cpp" line="32" />
        <source>% of positions</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::IssuesDock</name>
    <message>
        <location filename="../widgets/docks.cpp" line="68" />
        <source>Issues</source>
        <translation>Meldungen</translation>
    </message>
</context>
<context>
    <name>widgets::IssuesModel</name>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="39" />
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="40" />
        <source>Warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="41" />
        <source>Info</source>
        <translation>Hinweis</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="58" />
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="59" />
        <source>Severity</source>
        <translation>Schwere</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="60" />
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location filename="../widgets/issuesmodel.cpp" line="61" />
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
</context>
<context>
    <name>widgets::JobsDock</name>
    <message>
        <location filename="../widgets/docks.cpp" line="45" />
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../widgets/docks.cpp" line="54" />
        <source>Long operations run here; right-click a job to cancel it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/docks.cpp" line="60" />
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
</context>
<context>
    <name>widgets::JobsModel</name>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="100" />
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="101" />
        <source>Finished</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="102" />
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="103" />
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="112" />
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="113" />
        <source>Stage</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="114" />
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="115" />
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <location filename="../widgets/jobsmodel.cpp" line="116" />
        <source>State</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>widgets::LineageView</name>
    <message>
        <location filename="../widgets/lineageview.cpp" line="71" />
        <source>Each metric along the lineage %1; reorder checkpoints in the Session dock.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/lineageview.cpp" line="73" />
        <source>No run summarised yet.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::MainWindow</name>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="50" />
        <location filename="../widgets/mainwindow.cpp" line="55" />
        <source>Ready</source>
        <translation>Bereit</translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/mainwindow.cpp" line="55" />
        <source>%n job(s) running</source>
        <translation type="unfinished">
            <numerusform />
            <numerusform />
        </translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="78" />
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="79" />
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="80" />
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="81" />
        <source>Lineage</source>
        <translation>Abstammung</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="82" />
        <source>Every map's summary and distributions over the current slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="83" />
        <source>The documents token by token, one coloured row per map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="84" />
        <source>The base map's hidden states projected to 2-D</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="85" />
        <source>Each metric along the ordered checkpoints</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="105" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="107" />
        <source>&amp;New Session…</source>
        <translation>&amp;Neue Sitzung…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="108" />
        <source>&amp;Open Session…</source>
        <translation>Sitzung ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="109" />
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="115" />
        <source>(none)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="116" />
        <source>Clear List</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="118" />
        <source>Open &amp;Demo</source>
        <translation>&amp;Demo öffnen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="120" />
        <source>Build the small demo checkpoints and session, then open it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="121" />
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="122" />
        <source>&amp;Close Session</source>
        <translation>Sitzung s&amp;chließen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="126" />
        <source>Add &amp;Checkpoints…</source>
        <translation>&amp;Checkpoints hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="128" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="131" />
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="133" />
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="135" />
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="140" />
        <source>New &amp;Slice…</source>
        <translation>Neuer &amp;Ausschnitt…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="140" />
        <source>Ctrl+L</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="141" />
        <source>&amp;Annotate Selection…</source>
        <translation>Auswahl &amp;annotieren…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="141" />
        <source>Ctrl+M</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="144" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="152" />
        <source>&amp;Dark Palette</source>
        <translation>&amp;Dunkle Farben</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="158" />
        <source>&amp;Run</source>
        <translation>&amp;Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="160" />
        <source>&amp;New Run…</source>
        <translation>&amp;Neuer Lauf…</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="160" />
        <source>Ctrl+R</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="161" />
        <source>Cancel &amp;All Jobs</source>
        <translation>&amp;Alle Aufträge abbrechen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="163" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="165" />
        <source>&amp;About Cartograph</source>
        <translation>Über &amp;Cartograph</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="192" />
        <source>Open Session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="192" />
        <location filename="../widgets/mainwindow.cpp" line="199" />
        <source>Cartograph sessions (*.cartograph)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="198" />
        <source>New Session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="198" />
        <source>untitled.cartograph</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="208" />
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="208" />
        <source>This build cannot make the demo session yet.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="212" />
        <source>Build demo</source>
        <translation>Demo bauen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="242" />
        <source>Add Checkpoint Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="270" />
        <source>No session</source>
        <translation>Keine Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="282" />
        <source>token %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="283" />
        <source>slice: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="289" />
        <source>Unsaved Changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <location filename="../widgets/mainwindow.cpp" line="290" />
        <source>Save the changes to %1 first?</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::MapView</name>
    <message>
        <location filename="../widgets/mapview.cpp" line="31" />
        <source>What colours the points</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="33" />
        <source>Whose predictions colour the points (the selected map everywhere)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="34" />
        <source>Lasso</source>
        <translation>Lasso</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="36" />
        <source>Draw around points to save them as a slice (or hold Shift while dragging)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="38" />
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="39" />
        <source>Show every point again</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="44" />
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="46" />
        <source>of</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="121" />
        <source>PC 1 (%1 % of variance)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="122" />
        <source>PC 2 (%1 % of variance)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="132" />
        <source>No run loaded.</source>
        <translation>Kein Lauf geladen.</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="153" />
        <source>%1 positions sampled from the base map's hidden states, projected on their first two principal components; colour: %2 of %3.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="159" />
        <source>The selected token was not sampled for the projection.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="189" />
        <source>Save Lasso as Slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="189" />
        <source>Slice name:</source>
        <translation>Name des Ausschnitts:</translation>
    </message>
    <message>
        <location filename="../widgets/mapview.cpp" line="190" />
        <source>Lasso %1</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::OverviewView</name>
    <message>
        <location filename="../widgets/overviewview.cpp" line="30" />
        <source>Δ NLL per position (map − base)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="31" />
        <source>KL(base ‖ map) per position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="32" />
        <source>Entropy: base vs tuned</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="33" />
        <source>Reliability</source>
        <translation>Zuverlässigkeit</translation>
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="33" />
        <source>By metadata</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="34" />
        <source>Fidelity quadrants</source>
        <translation>Treue-Quadranten</translation>
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="48" />
        <source>Every compare field per map over the current slice; hover a header for its definition</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="50" />
        <source>The metadata field whose values the bars compare</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="52" />
        <source>Mean NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="53" />
        <source>Mean Δ NLL</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="54" />
        <source>Mean KL(base ‖ map)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="55" />
        <source>Mean entropy</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="56" />
        <source>Top-1 accuracy</source>
        <translation>Top-1-Genauigkeit</translation>
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="77" />
        <source>Compare by metadata field:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="96" />
        <source>Chart exported</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="96" />
        <source>Could not write the chart to this file</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="113" />
        <source>&lt;h3&gt;Summarising…&lt;/h3&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="114" />
        <source>&lt;h3&gt;No run selected&lt;/h3&gt;&lt;p&gt;Open a session and choose a run in the Session dock, or start one with &lt;b&gt;Run → New Run…&lt;/b&gt;.&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="128" />
        <source>&lt;h3&gt;%1&lt;/h3&gt;</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="128" />
        <source>Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="129" />
        <source>&lt;p&gt;Territory &lt;b&gt;%1&lt;/b&gt;: %2 documents, %3 scored positions.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="134" />
        <source> Restricted to slice &lt;b&gt;%1&lt;/b&gt; (%2): %3 positions, %4 % of the run.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="169" />
        <source>−log p(map) + log p(base) (nats); &gt; 0: map less sure of the truth</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="170" />
        <source>KL(base ‖ map) (nats)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="171" />
        <source>Entropy (nats)</source>
        <translation>Entropie (nats)</translation>
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="175" />
        <source>known (NLL ≤ %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="176" />
        <source>blank (high NLL, H &gt; %1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="177" />
        <source>misdrawn (high NLL, low H)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="178" />
        <source>% of positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="199" />
        <source>By metadata (this territory has no metadata fields)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="249" />
        <source>%1 by %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="250" />
        <source>top-1 accuracy (%)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/overviewview.cpp" line="250" />
        <source> (nats)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::ReliabilityChart</name>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="30" />
        <source>Confidence (max p)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="31" />
        <source>Accuracy (top-1 = truth)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/charts/reliabilitychart.cpp" line="48" />
        <source>%1 · ECE %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::RunDialog</name>
    <message>
        <location filename="../widgets/rundialog.cpp" line="25" />
        <source>New Run</source>
        <translation>Neuer Lauf</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="27" />
        <source>made up from the maps and the territory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="30" />
        <source>The map every other checkpoint is compared with</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="33" />
        <source>Tick the tuned checkpoints; drag to put them in lineage order (SFT before RL …)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="43" />
        <source>corpus.jsonl, a .txt file, or a folder of .txt/.md files</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="47" />
        <source>A conditioning prompt for the base map (zoom); leave empty for none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="50" />
        <source>How many most probable tokens to keep per position and map</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="52" />
        <source>the models' context</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="53" />
        <location filename="../widgets/rundialog.cpp" line="56" />
        <source> tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="55" />
        <source>half the window</source>
        <translation>halbes Fenster</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="58" />
        <source>one per core</source>
        <translation>einer pro Kern</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="62" />
        <source> windows</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="66" />
        <source>Start Run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="77" />
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="78" />
        <location filename="../widgets/rundialog.cpp" line="96" />
        <source>Folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="79" />
        <location filename="../widgets/rundialog.cpp" line="95" />
        <source>File…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="82" />
        <source>Base checkpoint:</source>
        <translation>Basis-Checkpoint:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="86" />
        <source>Add Folder…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="88" />
        <source>Add File…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="94" />
        <source>Tuned checkpoints:</source>
        <translation>Nachtrainierte Checkpoints:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="99" />
        <source>Territory:</source>
        <translation>Territorium:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="100" />
        <source>Prompt (zoom):</source>
        <translation>Prompt (Zoom):</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="101" />
        <source>Top-k:</source>
        <translation>Top-k:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="102" />
        <source>Window:</source>
        <translation>Fenster:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="103" />
        <source>Stride:</source>
        <translation>Schrittweite:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="104" />
        <source>Threads:</source>
        <translation>Threads:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="105" />
        <source>Device:</source>
        <translation>Gerät:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="106" />
        <source>Batch:</source>
        <translation>Stapel:</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="200" />
        <source>Checkpoints (*.bin *.pt *.pth *.ts);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="204" />
        <source>Base Checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="209" />
        <source>Tuned Checkpoint</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="215" />
        <source>Territory Folder</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="216" />
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/rundialog.cpp" line="217" />
        <source>Text and JSONL (*.txt *.md *.jsonl);;All files (*)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::RunRequest</name>
    <message>
        <location filename="../widgets/runrequest.cpp" line="17" />
        <source> on %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/runrequest.cpp" line="18" />
        <source> (zoomed)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::ScatterPlot</name>
    <message>
        <location filename="../widgets/scatterplot.cpp" line="35" />
        <source>Drag to pan, wheel to zoom, Shift+drag to lasso a slice; click a point to select its token, double-click to show it in the Territory view</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/scatterplot.cpp" line="225" />
        <source>This run has no projection</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::SessionDock</name>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="43" />
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="61" />
        <source>Search notes and text</source>
        <translation>Notizen und Text durchsuchen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="65" />
        <source>New Run…</source>
        <translation>Neuer Lauf…</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="65" />
        <source>Compare checkpoints over a territory</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="67" />
        <location filename="../widgets/sessiondock.cpp" line="202" />
        <source>New Slice…</source>
        <translation>Neuer Ausschnitt…</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="67" />
        <source>Define a slice from a metric threshold, metadata or text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="69" />
        <location filename="../widgets/sessiondock.cpp" line="203" />
        <source>All Positions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="69" />
        <source>Stop restricting the views to a slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="71" />
        <source>Add Prompt…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="71" />
        <source>Keep a conditioning prompt for zoomed runs</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="74" />
        <source>Add Prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="74" />
        <source>Prompt text:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="78" />
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="79" />
        <source>Territories</source>
        <translation>Territorien</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="80" />
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="81" />
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="82" />
        <source>Slices</source>
        <translation>Ausschnitte</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="88" />
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="102" />
        <source>Double-click a run to show it in every view</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="103" />
        <source>Click a slice to restrict every view to it; right-click to rename or remove</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="104" />
        <source>Double-click a note to show its tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="135" />
        <source>Lineage order, base first: drag rows or use ↑/↓; double-click a name to rename</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="137" />
        <source>↑</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="137" />
        <source>Earlier in the lineage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="138" />
        <source>↓</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="138" />
        <source>Later in the lineage</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="139" />
        <source>Add…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="139" />
        <source>Add checkpoint folders or files (or drop them on the window)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="168" />
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="169" />
        <source>Make Base</source>
        <translation>Zur Basis machen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="171" />
        <source>Make Tuned</source>
        <translation>Als nachtrainiert markieren</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="173" />
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="174" />
        <source>Move Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="175" />
        <source>Edit Notes…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="177" />
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="177" />
        <source>Notes on %1:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="181" />
        <source>Remove from Session</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="183" />
        <source>Add Checkpoints…</source>
        <translation>Checkpoints hinzufügen…</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="192" />
        <source>Show Only This Slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="193" />
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="196" />
        <source>Rename Slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="196" />
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="199" />
        <location filename="../widgets/sessiondock.cpp" line="219" />
        <location filename="../widgets/sessiondock.cpp" line="228" />
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="212" />
        <source>Show Tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="213" />
        <source>Edit Note…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="215" />
        <source>Edit Note</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="215" />
        <source>Note:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessiondock.cpp" line="239" />
        <source>This note belongs to another territory: open a run over it to see the tokens.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::SessionListModel</name>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="78" />
        <source>Territory</source>
        <translation>Territorium</translation>
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="78" />
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="79" />
        <source>Run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="79" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="80" />
        <source>Prompt</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="80" />
        <location filename="../widgets/sessionlistmodel.cpp" line="82" />
        <source>Text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="81" />
        <source>Slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="81" />
        <source>Definition</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="82" />
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="82" />
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="101" />
        <source>%1
%2 documents, %3
content sha256 %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="110" />
        <source>%1
Maps: %2
Territory: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="111" />
        <source>
Prompt: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="113" />
        <source>
Double-click to show this run</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="133" />
        <source>%1
Click to restrict every view to this slice</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/sessionlistmodel.cpp" line="149" />
        <source>“%1”
%2, tokens %3–%4
%5</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::SliceDefinition</name>
    <message>
        <location filename="../widgets/slice.cpp" line="125" />
        <source>%1 of %2 %3 %4</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slice.cpp" line="126" />
        <source>map %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slice.cpp" line="129" />
        <source>%1 ∈ {%2}</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slice.cpp" line="130" />
        <source>text matches /%1/%2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::SliceDialog</name>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="23" />
        <source>Match case</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="25" />
        <source>New Slice</source>
        <translation>Neuer Ausschnitt</translation>
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="27" />
        <source>A name (optional: the definition is used)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="40" />
        <source>above</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="41" />
        <source>below</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="45" />
        <source>Metric:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="46" />
        <source>Of map:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="47" />
        <source>Keep positions:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="48" />
        <source>Threshold:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="49" />
        <source>Metric threshold</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="58" />
        <source>Field:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="59" />
        <source>Values:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="60" />
        <source>Metadata</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="64" />
        <source>e.g. \b(said|asked)\b</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="65" />
        <source>Regular expression:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="67" />
        <source>Keeps every token that overlaps a match in the document text.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="68" />
        <source>Text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="75" />
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="141" />
        <source>Open a run first: a threshold needs its maps.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="143" />
        <source>%1 compares a map with the base: choose a tuned map.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="146" />
        <source>The territory of this run has no metadata fields.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="147" />
        <source>Tick at least one value of %1.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="150" />
        <source>Type a regular expression.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/slicedialog.cpp" line="152" />
        <source>Not a valid regular expression: %1 (at %2).</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::StoreBackend</name>
    <message>
        <location filename="../widgets/storebackend.cpp" line="101" />
        <source>Slice “%1” was skipped: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::SummaryModel</name>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="89" />
        <source>base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="89" />
        <source>zoomed</source>
        <translation>gezoomt</translation>
    </message>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="89" />
        <source>tuned</source>
        <translation>nachtrainiert</translation>
    </message>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="107" />
        <source>Needs whole documents; this slice keeps only parts of some</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="115" />
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../widgets/summarymodel.cpp" line="116" />
        <source>Role</source>
        <translation>Rolle</translation>
    </message>
</context>
<context>
    <name>widgets::TerritoryView</name>
    <message>
        <location filename="../widgets/territoryview.cpp" line="32" />
        <source>Search names, metadata and text (/regex)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="34" />
        <source>Filters the documents; start with / for a regular expression</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="50" />
        <source>Whose document statistics the list shows (the selected map everywhere)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="57" />
        <source>What colours the rows under the tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="75" />
        <source>Statistics of:</source>
        <translation>Statistik von:</translation>
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="83" />
        <source>Colour by:</source>
        <translation>Färben nach:</translation>
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="202" />
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 scored tokens%3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="214" />
        <source>Choose a document on the left.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="214" />
        <source>No run loaded.</source>
        <translation>Kein Lauf geladen.</translation>
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="228" />
        <source>Click a token to compare every map's top-%1 there.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="232" />
        <source>Token %1 &lt;b&gt;%2&lt;/b&gt;: each map's most probable next tokens (the truth in bold)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="262" />
        <source>Annotate Span</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/territoryview.cpp" line="263" />
        <source>Note on tokens %1–%2:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::TokenStrip</name>
    <message>
        <location filename="../widgets/tokenstrip.cpp" line="24" />
        <source>Click a token to select it in every view; drag or shift-click to select a span, right-click to annotate it</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/tokenstrip.cpp" line="245" />
        <source>Choose a document to see its tokens</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/tokenstrip.cpp" line="358" />
        <source>Annotate Span…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/tokenstrip.cpp" line="360" />
        <source>Copy Text</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/tokenstrip.cpp" line="376" />
        <source>Note:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>widgets::TopKModel</name>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="68" />
        <source>%1 gives “%2” probability %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <location filename="../widgets/topkmodel.cpp" line="91" />
        <source>The %1 most probable next tokens under %2</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>