Attribute VB_Name = "RibbonPlanae"
' planae: the callbacks of the "Business Plan" ribbon tab (customUI.xml).
' Each one runs one Python function of addin.ribbon through xlwings's RunPython; that function
' works on the active workbook (xw.Book.caller()) and reports in French.
' xlwings's RunPython reads ActiveWorkbook before Python starts: with no workbook open, VBA would
' stop with run-time error 91. So the buttons that work on a plan say in French that one must be
' open, and the two that start from nothing open a blank scratch workbook for RunPython, marked by
' a hidden name; Python closes it once the new workbook is open.
Option Explicit

Private Const PY_MODULE As String = "addin.ribbon"
Private Const TITLE As String = "planae"
Public Const SCRATCH_NAME As String = "planae_amorce"

Private Sub RunPlanae(FunctionName As String)
    RunPython "import " & PY_MODULE & "; " & PY_MODULE & "." & FunctionName & "()"
End Sub

Private Sub OnPlan(FunctionName As String, Action As String)
    If ActiveWorkbook Is Nothing Then
        MsgBox "Aucun classeur n'est ouvert : ouvrez d'abord un classeur planae (ou cliquez " & _
               "sur « Nouveau plan »), puis recommencez.", vbExclamation, TITLE & " — " & Action
    Else
        RunPlanae FunctionName
    End If
End Sub

Private Sub FromAnywhere(FunctionName As String)
    If ActiveWorkbook Is Nothing Then
        Workbooks.Add
        ActiveWorkbook.Names.Add Name:=SCRATCH_NAME, RefersTo:="=TRUE", Visible:=False
    End If
    RunPlanae FunctionName
End Sub

Public Sub Calculer(control As IRibbonControl)
    OnPlan "compute", "Calculer"
End Sub

Public Sub Verifier(control As IRibbonControl)
    OnPlan "check", "Vérifier"
End Sub

Public Sub Equilibrer(control As IRibbonControl)
    OnPlan "balance", "Équilibrer le financement"
End Sub

Public Sub SimulerRisques(control As IRibbonControl)
    OnPlan "simulate_risks", "Simuler les risques"
End Sub

Public Sub ExporterPowerPoint(control As IRibbonControl)
    OnPlan "export_pptx", "Exporter PowerPoint"
End Sub

Public Sub ExporterPDF(control As IRibbonControl)
    OnPlan "export_pdf", "Exporter PDF"
End Sub

Public Sub ChargerExemple(control As IRibbonControl)
    FromAnywhere "load_example"
End Sub

Public Sub NouveauPlan(control As IRibbonControl)
    FromAnywhere "new_plan"
End Sub

Public Sub Aide(control As IRibbonControl)
    OnPlan "show_help", "Aide"
End Sub
