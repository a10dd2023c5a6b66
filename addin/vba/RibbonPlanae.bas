Attribute VB_Name = "RibbonPlanae"
' planae: the callbacks of the "Business Plan" ribbon tab (customUI.xml).
' Each one runs one Python function of addin.ribbon through xlwings's RunPython; that function
' works on the active workbook (xw.Book.caller()) and reports in French.
Option Explicit

Private Const PY_MODULE As String = "addin.ribbon"

Private Sub RunPlanae(FunctionName As String)
    RunPython "import " & PY_MODULE & "; " & PY_MODULE & "." & FunctionName & "()"
End Sub

Public Sub Calculer(control As IRibbonControl)
    RunPlanae "compute"
End Sub

Public Sub Verifier(control As IRibbonControl)
    RunPlanae "check"
End Sub

Public Sub Equilibrer(control As IRibbonControl)
    RunPlanae "balance"
End Sub

Public Sub ExporterPowerPoint(control As IRibbonControl)
    RunPlanae "export_pptx"
End Sub

Public Sub ExporterPDF(control As IRibbonControl)
    RunPlanae "export_pdf"
End Sub

Public Sub ChargerExemple(control As IRibbonControl)
    RunPlanae "load_example"
End Sub

Public Sub NouveauPlan(control As IRibbonControl)
    RunPlanae "new_plan"
End Sub

Public Sub Aide(control As IRibbonControl)
    RunPlanae "show_help"
End Sub
