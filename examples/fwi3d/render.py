"""Renders a 3D FWI result as ParaView shows it (VTK's own renderer, python3-vtk9): three
orthogonal slices through the true and the final velocity volumes, with an outline, axes in
metres and one colour bar. ParaView itself cannot be installed beside libvtk9-dev on Debian 12.

    xvfb-run -a python3 examples/fwi3d/render.py OUT/iterations/model_NNNN.vti figure.png

The iterate file holds the arrays "velocity" (the iterate) and "truth".
"""
import sys

import vtk


def slices(image, array, lut, at):
    """Actors of the x-z, y-z and x-y planes of `image` through point index `at` (i, j, k)."""
    actors = []
    ext = image.GetExtent()
    for axis in range(3):
        e = list(ext)
        e[2 * axis] = e[2 * axis + 1] = at[axis]
        voi = vtk.vtkExtractVOI()
        voi.SetInputData(image)
        voi.SetVOI(*e)
        geometry = vtk.vtkDataSetSurfaceFilter()
        geometry.SetInputConnection(voi.GetOutputPort())
        mapper = vtk.vtkPolyDataMapper()
        mapper.SetInputConnection(geometry.GetOutputPort())
        mapper.SetScalarModeToUsePointFieldData()
        mapper.SelectColorArray(array)
        mapper.SetLookupTable(lut)
        mapper.UseLookupTableScalarRangeOn()
        actor = vtk.vtkActor()
        actor.SetMapper(mapper)
        actor.GetProperty().SetAmbient(1.0)  # the colour bar's colours, unshaded
        actor.GetProperty().SetDiffuse(0.0)
        actors.append(actor)
    return actors


def viewport(window, image, array, title, lut, box, bar):
    renderer = vtk.vtkRenderer()
    renderer.SetViewport(*box)
    renderer.SetBackground(1, 1, 1)
    dims = image.GetDimensions()
    for actor in slices(image, array, lut, (dims[0] // 2, dims[1] // 2, dims[2] // 2)):
        renderer.AddActor(actor)
    outline = vtk.vtkOutlineFilter()
    outline.SetInputData(image)
    om = vtk.vtkPolyDataMapper()
    om.SetInputConnection(outline.GetOutputPort())
    oa = vtk.vtkActor()
    oa.SetMapper(om)
    oa.GetProperty().SetColor(0, 0, 0)
    renderer.AddActor(oa)
    axes = vtk.vtkCubeAxesActor()
    axes.SetBounds(image.GetBounds())
    axes.SetCamera(renderer.GetActiveCamera())
    axes.SetXTitle("x (m)")
    axes.SetYTitle("y (m)")
    axes.SetZTitle("-depth (m)")
    for i in range(3):
        axes.GetTitleTextProperty(i).SetColor(0, 0, 0)
        axes.GetLabelTextProperty(i).SetColor(0, 0, 0)
    axes.GetXAxesLinesProperty().SetColor(0, 0, 0)
    axes.GetYAxesLinesProperty().SetColor(0, 0, 0)
    axes.GetZAxesLinesProperty().SetColor(0, 0, 0)
    axes.SetFlyModeToOuterEdges()
    renderer.AddActor(axes)
    text = vtk.vtkTextActor()
    text.SetInput(title)
    text.GetTextProperty().SetColor(0, 0, 0)
    text.GetTextProperty().SetFontSize(22)
    text.SetPosition(20, 20)
    renderer.AddActor2D(text)
    if bar:
        scalar_bar = vtk.vtkScalarBarActor()
        scalar_bar.SetLookupTable(lut)
        scalar_bar.SetTitle("velocity (m/s)")
        scalar_bar.GetTitleTextProperty().SetColor(0, 0, 0)
        scalar_bar.GetLabelTextProperty().SetColor(0, 0, 0)
        scalar_bar.SetNumberOfLabels(5)
        scalar_bar.SetPosition(0.86, 0.15)
        scalar_bar.SetWidth(0.1)
        scalar_bar.SetHeight(0.7)
        renderer.AddActor2D(scalar_bar)
    camera = renderer.GetActiveCamera()
    b = image.GetBounds()
    centre = [0.5 * (b[0] + b[1]), 0.5 * (b[2] + b[3]), 0.5 * (b[4] + b[5])]
    size = max(b[1] - b[0], b[3] - b[2], b[5] - b[4])
    camera.SetFocalPoint(*centre)
    camera.SetPosition(centre[0] + 1.6 * size, centre[1] - 2.2 * size, centre[2] + 1.3 * size)
    camera.SetViewUp(0, 0, 1)
    renderer.ResetCamera()
    camera.Zoom(0.9)
    window.AddRenderer(renderer)


def main():
    source, target = sys.argv[1], sys.argv[2]
    reader = vtk.vtkXMLImageDataReader()
    reader.SetFileName(source)
    reader.Update()
    image = reader.GetOutput()
    truth = image.GetPointData().GetArray("truth")
    final = image.GetPointData().GetArray("velocity")
    lo = min(truth.GetRange()[0], final.GetRange()[0])
    hi = max(truth.GetRange()[1], final.GetRange()[1])
    lut = vtk.vtkLookupTable()  # viridis-like, as the PNG figures
    stops = [(0.267, 0.005, 0.329), (0.229, 0.322, 0.546), (0.128, 0.567, 0.551), (0.369, 0.789, 0.383),
             (0.993, 0.906, 0.144)]
    ctf = vtk.vtkColorTransferFunction()
    for i, c in enumerate(stops):
        ctf.AddRGBPoint(lo + (hi - lo) * i / (len(stops) - 1), *c)
    lut.SetNumberOfTableValues(256)
    lut.SetRange(lo, hi)
    for i in range(256):
        r, g, b = ctf.GetColor(lo + (hi - lo) * i / 255.0)
        lut.SetTableValue(i, r, g, b, 1.0)
    lut.Build()
    window = vtk.vtkRenderWindow()
    window.SetOffScreenRendering(1)
    window.SetSize(1600, 700)
    viewport(window, image, "truth", "true model", lut, (0.0, 0.0, 0.5, 1.0), False)
    viewport(window, image, "velocity", "3D FWI result", lut, (0.5, 0.0, 1.0, 1.0), True)
    window.Render()
    grab = vtk.vtkWindowToImageFilter()
    grab.SetInput(window)
    grab.Update()
    writer = vtk.vtkPNGWriter()
    writer.SetFileName(target)
    writer.SetInputConnection(grab.GetOutputPort())
    writer.Write()


if __name__ == "__main__":
    main()
