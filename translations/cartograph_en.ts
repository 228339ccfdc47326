<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>Slice</name>
    <message numerus="yes">
        <location filename="../widgets/overview/slice.cpp" line="23"/>
        <source>lasso of %n vertices on the projection</source>
        <translation>
            <numerusform>lasso of %n vertex on the projection</numerusform>
            <numerusform>lasso of %n vertices on the projection</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::DocumentsModel</name>
    <message numerus="yes">
        <location filename="../widgets/territory/documentsmodel.cpp" line="66"/>
        <source>Sorting %n documents</source>
        <translation>
            <numerusform>Sorting %n document</numerusform>
            <numerusform>Sorting %n documents</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::MainWindow</name>
    <message numerus="yes">
        <location filename="../widgets/shell/mainwindow.cpp" line="92"/>
        <source>%n job(s) running</source>
        <translation>
            <numerusform>%n job running</numerusform>
            <numerusform>%n jobs running</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::PromptEditor</name>
    <message numerus="yes">
        <location filename="../widgets/studio/prompteditor.cpp" line="291"/>
        <source>%n earlier version(s) kept</source>
        <translation>
            <numerusform>%n earlier version kept</numerusform>
            <numerusform>%n earlier versions kept</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/promptpreview.cpp" line="62"/>
        <source>Template: %1 filled from each of %n document(s); shown for “%2”, the longest filling.</source>
        <translation>
            <numerusform>Template: %1 filled from %n document; shown for “%2”.</numerusform>
            <numerusform>Template: %1 filled from each of %n documents; shown for “%2”, the longest filling.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/promptpreview.cpp" line="177"/>
        <source>%n token(s) of a %1-token window: %2% left for the territory</source>
        <translation>
            <numerusform>%n token of a %1-token window: %2% left for the territory</numerusform>
            <numerusform>%n tokens of a %1-token window: %2% left for the territory</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::SampleColumnsView</name>
    <message numerus="yes">
        <location filename="../widgets/studio/samplecolumns.cpp" line="81"/>
        <source>%n token(s), %1; mean log p under the base map %2</source>
        <translation>
            <numerusform>%n token, %1; mean log p under the base map %2</numerusform>
            <numerusform>%n tokens, %1; mean log p under the base map %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::SamplePanel</name>
    <message numerus="yes">
        <location filename="../widgets/studio/samplepanel.cpp" line="214"/>
        <source>Sampling %n map(s) side by side</source>
        <translation>
            <numerusform>Sampling %n map</numerusform>
            <numerusform>Sampling %n maps side by side</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::Session</name>
    <message numerus="yes">
        <location filename="../widgets/session/sessionedits.cpp" line="121"/>
        <source>Add %n checkpoint(s)</source>
        <translation>
            <numerusform>Add %n checkpoint</numerusform>
            <numerusform>Add %n checkpoints</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::ShiftView</name>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="198"/>
        <source>Decoding %n prompt(s) with each tuned map…</source>
        <translation>
            <numerusform>Decoding %n prompt with each tuned map…</numerusform>
            <numerusform>Decoding %n prompts with each tuned map…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="203"/>
        <source>Token shift of %n map(s)</source>
        <translation>
            <numerusform>Token shift of %n map</numerusform>
            <numerusform>Token shift of %n maps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="242"/>
        <source>%1 — %n prompt(s), %2 tokens each</source>
        <translation>
            <numerusform>%1 — %n prompt, %2 tokens</numerusform>
            <numerusform>%1 — %n prompts, %2 tokens each</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/studio/shiftview.cpp" line="312"/>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2 of %n token(s) shifted</source>
        <translation>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2 of %n token shifted</numerusform>
            <numerusform>&lt;b&gt;%1&lt;/b&gt; — %2 of %n tokens shifted</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>widgets::ZoomStudio</name>
    <message numerus="yes">
        <location filename="../widgets/studio/zoomstudio.cpp" line="174"/>
        <source>Zooming with %n prompt(s)…</source>
        <translation>
            <numerusform>Zooming with %n prompt…</numerusform>
            <numerusform>Zooming with %n prompts…</numerusform>
        </translation>
    </message>
</context>
</TS>
